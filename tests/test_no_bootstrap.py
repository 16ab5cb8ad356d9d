"""No page loads Bootstrap or uses its classes: every page is built from the NHS.UK frontend (ADR 0007).

A Bootstrap class left in a template does nothing now that Bootstrap is gone, so the page silently loses its
layout (a `row` of `col-md-6` stacks, an `alert` is plain text, a `badge` is invisible): this finds them all.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Folders whose templates are pages. The PDF reports (reports/base.html and what extends it) are styled by
# static/css/report.css, whose own `small` class they use, and are left out.
TEMPLATE_DIRS = [
    ROOT / "templates",
    *sorted(ROOT.glob("*/templates")),
    ROOT / "tests" / "plugin_app" / "templates",
]
REPORT_BASE = ROOT / "templates" / "reports" / "base.html"
PYTHON_DIRS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()]

BOOTSTRAP = re.compile(
    r"""(?x)(?<![\w-])(
      btn(-[a-z-]+)? | col(-(sm|md|lg|xl|xxl))?-\d+ | row | g-\d | gx-\d | gy-\d | container(-fluid)?
    | card(-(body|header|footer|title|text))? | alert(-[a-z]+)? | badge | text-bg-[a-z]+ | rounded-pill
    | list-group(-item)?(-[a-z]+)? | list-unstyled | list-inline(-item)?
    | table-(sm|striped|bordered|hover|responsive) | caption-top
    | form-(control|select|label|text|check(-[a-z]+)?) | input-group | is-invalid | invalid-feedback
    | d-(none|flex|inline|inline-block|block|grid) | (justify-content|align-items)-[a-z]+ | flex-wrap | gap-\d
    | [mp][tbsexy]?-\d | [mp][tbsexy]?-auto | text-(end|start|center|muted|nowrap|danger|success|warning)
    | text-body-secondary | fw-(bold|semibold|normal) | fs-\d | small | lead | h[1-6]
    | visually-hidden(-focusable)? | navbar[a-z-]* | nav-(link|item) | breadcrumb(-item)?
    )(?![\w-])"""
)
CLASS_ATTR = re.compile(r"""class\s*=\s*["']([^"']*)["']""")


def _bootstrap_in(text, pattern):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in pattern.finditer(line):
            # Template logic inside a class attribute ({% if %}...) is kept; only the words are checked.
            words = re.sub(r"\{[{%].*?[%}]\}", " ", match.group(1)).split()
            found += [f"line {number}: {word}" for word in words if BOOTSTRAP.fullmatch(word)]
    return found


def test_no_template_uses_a_bootstrap_class():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text()
            if path == REPORT_BASE or '{% extends "reports/base.html" %}' in text:
                continue
            found += [f"{path.relative_to(ROOT)} {hit}" for hit in _bootstrap_in(text, CLASS_ATTR)]
    assert found == [], "\n".join(found)


def test_no_python_gives_a_widget_or_layout_a_bootstrap_class():
    found = []
    for folder in PYTHON_DIRS:
        for path in sorted(folder.rglob("*.py")):
            text = path.read_text()
            # class="..." in markup and css_class="..." in crispy layouts alike.
            found += [f"{path.relative_to(ROOT)} {hit}" for hit in _bootstrap_in(text, CLASS_ATTR)]
    assert found == [], "\n".join(found)


def test_the_check_finds_bootstrap_where_it_is():
    sample = (
        '<div class="row mb-3"><a class="nhsuk-button btn-sm {% if x %}nhsuk-tag--red{% endif %}">x</a></div>'
    )
    assert [hit.split(": ")[1] for hit in _bootstrap_in(sample, CLASS_ATTR)] == ["row", "mb-3", "btn-sm"]
    assert _bootstrap_in('<div class="nhsuk-grid-row nhsuk-u-margin-bottom-3">', CLASS_ATTR) == []


def test_no_page_loads_bootstrap():
    assert not (ROOT / "static" / "vendor" / "bootstrap").exists()
    base = (ROOT / "templates" / "base.html").read_text()
    assert "bootstrap" not in base.lower()
    assert "vendor/nhsuk/nhsuk-frontend.min.css" in base
    assert "crispy_bootstrap5" not in settings.INSTALLED_APPS
    assert settings.CRISPY_TEMPLATE_PACK == "nhsuk"
