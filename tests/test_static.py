"""Production static files: collected, fingerprinted and compressed by WhiteNoise, all served from here."""

import json

from django.core.management import call_command
from django.test import override_settings

BASE_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
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
