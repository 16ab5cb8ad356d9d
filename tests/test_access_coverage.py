"""Every access rule is tested directly, for yes and for no (ADR 0002), in tests/<app>/test_access.py.

How this is checked, simply and on the source rather than by running anything:

- The rules are the public functions defined in each ``<app>/access.py`` (found with ``inspect``), less the
  mechanism in ``accounts/access.py`` listed in ``MECHANISM`` (the primitives rules are built from, and the
  decorators that apply them). A new function in an access module is therefore a rule until said otherwise.
- Each ``tests/<app>/test_access.py`` (with any ``test_access_<part>.py`` beside it) is parsed with ``ast``.
A call counts only if it resolves to the rule
  through the module's own imports (``from trainees import access`` then ``access.can_x(...)``, or ``from
  trainees.access import can_x``), so a same-named function elsewhere never counts.
- A yes/no rule is covered when the test module has both ``assert rule(...)`` and ``assert not rule(...)``.
- A rule that answers with rows (``ROWS``: a queryset or a filter) is covered when it is called inside an
  ``assert ... == ...``: the test names exactly which rows come back, so it says yes and no at once.

What this cannot see: whether the people asserted are the right ones, and whether there are several rows on
each side of a rows rule; reviewing the test modules does that.
"""

import ast
import importlib
import inspect
from pathlib import Path

from django.apps import apps as django_apps

TESTS = Path(__file__).parent
# Every installed app of ours with an access.py, so a new app's rules are checked without editing this file.
APPS = tuple(
    config.name
    for config in django_apps.get_app_configs()
    if Path(config.path).parent == TESTS.parent and (Path(config.path) / "access.py").exists()
)

# In accounts/access.py, and not rules: the primitives rules are built from, and applying rules to views.
MECHANISM = {
    "accounts.access": {
        "grants",
        "organisation_ids",
        "region_ids",
        "roles_of",
        "has_role",
        "public",
        "permit",
    },
}
# Rules that answer with rows rather than yes or no.
ROWS = {
    "accounts.access": {"memberships_shown_to"},
    "trainees.access": {"supported_by", "visible_enrolments"},
}


def rules_of(module_name):
    module = importlib.import_module(module_name)
    return sorted(
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module_name
        and not name.startswith("_")
        and name not in MECHANISM.get(module_name, set())
    )


def imported_names(tree):
    """{local name: module} for rule modules imported whole, {local name: (module, rule)} for rules."""
    modules, rules = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if f"{node.module}.{alias.name}" in RULE_MODULES:
                    modules[local] = f"{node.module}.{alias.name}"
                elif node.module in RULE_MODULES:
                    rules[local] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in RULE_MODULES and alias.asname:
                    modules[alias.asname] = alias.name
    return modules, rules


def rule_called(node, modules, rules):
    """(module, rule) that ``node`` calls, or None if it is not a call of a rule."""
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Name):
        return rules.get(function.id)
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        module = modules.get(function.value.id)
        return (module, function.attr) if module else None
    return None


def assertions(path):
    """{"yes"|"no"|"rows": {(module, rule), ...}} for the asserts in one test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, rules = imported_names(tree)
    found = {"yes": set(), "no": set(), "rows": set()}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        test = node.test
        if rule := rule_called(test, modules, rules):
            found["yes"].add(rule)
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        if negated and (rule := rule_called(test.operand, modules, rules)):
            found["no"].add(rule)
        if isinstance(test, ast.Compare) and any(isinstance(op, ast.Eq) for op in test.ops):
            called = (rule_called(inner, modules, rules) for inner in ast.walk(test))
            found["rows"] |= {rule for rule in called if rule}
    return found


RULE_MODULES = {f"{app}.access" for app in APPS}


def missing():
    """What each rule lacks, as sentences naming the rule and the test module it belongs in."""
    gaps = []
    for app in APPS:
        module, path = f"{app}.access", TESTS / app / "test_access.py"
        if not path.exists():
            gaps.append(f"{path.relative_to(TESTS.parent)} is missing: {module}'s rules have no tests")
            continue
        # A large app may split its access tests by part: test_access.py, test_access_<part>.py.
        found = {"yes": set(), "no": set(), "rows": set()}
        for part in sorted(path.parent.glob("test_access*.py")):
            for kind, rules in assertions(part).items():
                found[kind] |= rules
        where = path.relative_to(TESTS.parent)
        for rule in rules_of(module):
            if rule in ROWS.get(module, set()):
                if (module, rule) not in found["rows"]:
                    gaps.append(f"{module}.{rule}: no `assert ... {rule}(...) ... == <rows>` in {where}")
                continue
            if (module, rule) not in found["yes"]:
                gaps.append(f"{module}.{rule}: no `assert {rule}(...)` (yes) in {where}")
            if (module, rule) not in found["no"]:
                gaps.append(f"{module}.{rule}: no `assert not {rule}(...)` (no) in {where}")
    return gaps


def test_every_access_rule_is_tested_directly_for_yes_and_no():
    gaps = missing()
    assert not gaps, "Access rules not tested directly for yes and no:\n" + "\n".join(gaps)


def test_the_lists_of_mechanism_and_row_rules_name_functions_that_exist():
    for listed in (MECHANISM, ROWS):
        for module_name, names in listed.items():
            module = importlib.import_module(module_name)
            assert all(inspect.isfunction(getattr(module, name, None)) for name in names), (
                module_name,
                names,
            )


def test_the_check_finds_rules_in_every_app_and_catches_a_rule_without_tests(tmp_path):
    assert all(rules_of(f"{app}.access") for app in APPS)
    source = (
        "from trainees import access\n"
        "from trainees.access import can_view_cohort as seen\n"
        "def test_it():\n"
        "    assert access.can_manage_cohort(a, b)\n"
        "    assert not access.can_manage_cohort(c, b)\n"
        "    assert seen(a, b)\n"
        "    assert not other.can_view_enrolment(a, b)\n"
        "    assert names(access.visible_enrolments(a, b)) == []\n"
    )
    path = tmp_path / "test_access.py"
    path.write_text(source, encoding="utf-8")
    found = assertions(path)
    assert found["yes"] == {("trainees.access", "can_manage_cohort"), ("trainees.access", "can_view_cohort")}
    assert found["no"] == {("trainees.access", "can_manage_cohort")}
    assert ("trainees.access", "visible_enrolments") in found["rows"]


def test_every_app_with_access_rules_is_found():
    assert {"accounts", "standards", "trainees", "competencies", "reports", "pastoral"} <= set(APPS)
