"""Production static files: collected, fingerprinted and compressed by WhiteNoise, all served from here."""

import json

from django.core.management import call_command
from django.test import override_settings

BASE_ASSETS = [
    "vendor/nhsuk/nhsuk-frontend.min.css",
    "vendor/nhsuk/nhsuk-frontend.min.js",
    "vendor/nhsuk/assets/images/nhsuk-icon-cross.svg",
    "js/nhsuk-init.js",
    "vendor/htmx/htmx.min.js",
    "css/portal.css",
]


def test_collectstatic_builds_manifest_with_the_base_assets(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for asset in BASE_ASSETS:
        assert asset in manifest, asset
        assert (tmp_path / (manifest[asset] + ".gz")).exists()


def test_the_nhsuk_css_loads_nothing_from_elsewhere_and_its_icons_are_fingerprinted(tmp_path):
    """The copied NHS.UK CSS has no web fonts and no address outside static/vendor/nhsuk (our CSP allows only
    our own files), and every icon it names is served with a fingerprint."""
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "vendor" / "nhsuk" / "nhsuk-frontend.min.css").read_text()
    assert "@font-face" not in css
    assert "https://" not in css and "http://" not in css
    assert "url(/" not in css
    assert "url(assets/images/nhsuk-icon-" in css

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    built = (tmp_path / manifest["vendor/nhsuk/nhsuk-frontend.min.css"]).read_text()
    for name in ("cross", "arrow-down", "arrow-up", "arrow-up-down"):
        fingerprinted = manifest[f"vendor/nhsuk/assets/images/nhsuk-icon-{name}.svg"].rsplit("/", 1)[1]
        assert f"assets/images/{fingerprinted}" in built, name


def test_the_vendor_copy_fits_the_nhsuk_css_to_the_csp():
    from scripts.vendor_assets import fit_nhsuk_css

    css = (
        '@font-face{font-family:Frutiger W01;src:url(https://assets.nhs.uk/fonts/a.woff2) format("woff2")}'
        "body{font-family:Frutiger W01,Arial}.x{background:url(/assets/images/nhsuk-icon-cross.svg)}"
    )
    assert fit_nhsuk_css(css) == (
        "body{font-family:Frutiger W01,Arial}.x{background:url(assets/images/nhsuk-icon-cross.svg)}"
    )
