"""No raw status string is compared outside its model.

Rules, selectors, views, tasks and templates compare a model's choices (``Enrolment.Status.ACTIVE``) or read
a property (``enrolment.is_active``, ``evidence.is_signed_off``), so renaming a status is a change in one
place and a typo fails loudly. This scans our Python (every module but models and migrations; tests may
arrange data with raw values) and our templates for a literal that is one of the values of any model's
status field, compared (``==``, ``!=``, ``in``) or passed as a lookup (``.filter(status="submitted")``).
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
# Fields that hold where a record is in its life; each is a choices field on one of our models.
STATUS_FIELDS = {"status", "state", "action", "rag", "duty_mapping"}
LOOKUP = re.compile(r"(?:^|__)(?:" + "|".join(STATUS_FIELDS) + r")(?:__(?:in|exact|iexact))?$")
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", "static", "staticfiles", "media"}


def _ours(model):
    return Path(apps.get_app_config(model._meta.app_label).path).is_relative_to(ROOT)


def status_values():
    values = set()
    for model in apps.get_models():
        if not _ours(model):
            continue
        for field in model._meta.concrete_fields:
            if field.name in STATUS_FIELDS and field.choices:
                values |= {str(value) for value, _label in field.flatchoices if value}
    return values


def _literals(node):
    """The string constants a comparison operand or lookup value stands for (a tuple or list of them too)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [n.value for n in node.elts if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return []


def raw_comparisons(source, values):
    """(line, literal) of each status literal compared or used as a status lookup in Python ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            found += [(node.lineno, v) for operand in operands for v in _literals(operand) if v in values]
        elif isinstance(node, ast.keyword) and node.arg and LOOKUP.search(node.arg):
            found += [(node.value.lineno, v) for v in _literals(node.value) if v in values]
        elif isinstance(node, ast.MatchValue):
            found += [(node.lineno, v) for v in _literals(node.value) if v in values]
    return found


TEMPLATE_TAG = re.compile(r"{%-?\s*(?:if|elif)\b(.*?)-?%}", re.S)
QUOTED = re.compile(r"""["']([a-z_]+)["']""")


def raw_template_comparisons(text, values):
    found = []
    for tag in TEMPLATE_TAG.finditer(text):
        condition = tag.group(1)
        if not re.search(r"==|!=|\bin\b", condition):
            continue
        line = text.count("\n", 0, tag.start()) + 1
        found += [(line, v) for v in QUOTED.findall(condition) if v in values]
    return found


def our_python():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if not parts & SKIPPED_DIRS and path.name not in {"models.py", "conftest.py"}:
            yield path


def our_templates():
    for path in sorted(ROOT.rglob("*.html")):
        parts = path.relative_to(ROOT).parts
        if "templates" in parts and not set(parts) & SKIPPED_DIRS:
            yield path


@pytest.fixture(scope="module")
def values():
    found = status_values()
    # The scan is only as good as this list: it must hold the statuses the rules are about.
    assert {"active", "submitted", "signed_off", "pending", "queued", "completed", "green"} <= found
    return found


def test_no_raw_status_string_is_compared_in_our_python(values):
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in our_python()
        for line, value in raw_comparisons(path.read_text(encoding="utf-8"), values)
    ]
    assert not offences, "compare the model's choices or a property instead:\n" + "\n".join(offences)


def test_no_raw_status_string_is_compared_in_our_templates(values):
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in our_templates()
        for line, value in raw_template_comparisons(path.read_text(encoding="utf-8"), values)
    ]
    assert not offences, "read a property of the object instead:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source",
    [
        'if enrolment.status == "active": pass',
        'ok = "signed_off" != evidence.status',
        'ok = evidence.status in ("draft", "returned")',
        'Evidence.objects.filter(status="submitted")',
        'Evidence.objects.filter(enrolment__status__in=["active"])',
        'Q(state="pending")',
        'match job.status:\n    case "queued": pass',
    ],
)
def test_the_python_scan_finds_a_raw_status(source, values):
    assert raw_comparisons(source, values)


@pytest.mark.parametrize(
    "source",
    [
        "if enrolment.status == Enrolment.Status.ACTIVE: pass",
        "Evidence.objects.filter(status=Evidence.Status.SUBMITTED)",
        'title = "active"',
        'Item("evidence_draft", title="draft")',
    ],
)
def test_the_python_scan_leaves_enums_and_other_strings_alone(source, values):
    assert not raw_comparisons(source, values)


def test_the_template_scan_finds_a_raw_status(values):
    text = "<p>\n{% if row.enrolment.status != \"active\" %}x{% elif e.state == 'queried' %}y{% endif %}"
    assert raw_template_comparisons(text, values) == [(2, "active"), (2, "queried")]
    assert not raw_template_comparisons("{% if enrolment.is_active %}Active{% endif %}", values)
