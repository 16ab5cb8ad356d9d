"""Copy the front-end packages npm installed into static/vendor, where the portal serves them itself.

One copy for `make install` and the production image (Dockerfile), so both serve the same files:
    python scripts/vendor_assets.py [--node-modules DIR] [--dest DIR] [--without-test-tools]

The NHS.UK frontend's compiled CSS is made fit for our Content-Security-Policy as it is copied (ADR 0007):
- its two `@font-face` rules load Frutiger from assets.nhs.uk; they go, and the font stack falls back to Arial
  as the package itself does whenever the font does not load (hosting Frutiger needs a trust's own licence);
- its icons are addressed as `url(/assets/images/...)`; they become relative to the CSS file, so they resolve
  inside static/vendor/nhsuk/ and the manifest storage fingerprints them.
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
ABSOLUTE_ASSET = re.compile(r"url\((['\"]?)/assets/")


def fit_nhsuk_css(css: str) -> str:
    """The NHS.UK CSS without web fonts and with icon addresses relative to the CSS file."""
    css = FONT_FACE.sub("", css)
    return ABSOLUTE_ASSET.sub(r"url(\1assets/", css)


def _source_map_comment_removed(text: str) -> str:
    # The maps are not copied, so a pointer to one would make a 404 in the browser's developer tools.
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/\s*$|//# sourceMappingURL=\S+\s*$", "", text)


def copy(node_modules: Path, dest: Path, test_tools: bool = True) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    nhsuk_src = node_modules / "nhsuk-frontend" / "dist" / "nhsuk"
    nhsuk = dest / "nhsuk"
    nhsuk.mkdir(parents=True)
    css = (nhsuk_src / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    (nhsuk / "nhsuk-frontend.min.css").write_text(
        _source_map_comment_removed(fit_nhsuk_css(css)), encoding="utf-8"
    )
    js = (nhsuk_src / "nhsuk-frontend.min.js").read_text(encoding="utf-8")
    (nhsuk / "nhsuk-frontend.min.js").write_text(_source_map_comment_removed(js), encoding="utf-8")
    shutil.copytree(nhsuk_src / "assets" / "images", nhsuk / "assets" / "images")
    # The package ships no licence file; its package.json says MIT.
    (nhsuk / "LICENSE").write_text("nhsuk-frontend: MIT licence (see its package.json), (c) NHS England.\n")

    htmx = dest / "htmx"
    htmx.mkdir()
    shutil.copy2(node_modules / "htmx.org" / "dist" / "htmx.min.js", htmx)
    shutil.copy2(node_modules / "htmx.org" / "LICENSE", htmx)

    if test_tools:
        # For the browser tests only: they inject axe into each page they check; no page links it.
        axe = dest / "axe"
        axe.mkdir()
        shutil.copy2(node_modules / "axe-core" / "axe.min.js", axe)
        shutil.copy2(node_modules / "axe-core" / "LICENSE", axe)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    parser.add_argument("--dest", type=Path, default=ROOT / "static" / "vendor")
    parser.add_argument("--without-test-tools", action="store_true", help="leave axe-core out (production)")
    args = parser.parse_args(argv)
    copy(args.node_modules, args.dest, test_tools=not args.without_test_tools)
    return 0


if __name__ == "__main__":
    sys.exit(main())
