"""The import graph the ADR 0004 describes, checked on the source so it stays so.

Layers, lowest first: core (the toolkit) < accounts (people, organisations, roles, access primitives) <
reports, reminders (infrastructure any app plugs into) < standards < trainees < competencies < pastoral,
evaluation (domain) < workforce (plans above any one cohort, reading their outcomes) < apprentice_portal
(settings, urls, composition). A module may import its own app and
any lower layer, never a higher one; no modules of ours import each other, directly or round a longer loop;
an import of our own modules inside a function carries a comment on its line saying why.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    {"core"},
    {"accounts"},
    {"reports", "reminders"},
    {"standards"},
    {"trainees"},
    {"competencies"},
    {"pastoral", "evaluation"},
    {"workforce"},
    {"apprentice_portal"},
]
# Our apps are the installed ones in this repository, plus the project package. An app not named above is a
# new domain app: it sits with pastoral and evaluation, so adding one needs no edit here.
OURS = {config.name for config in django_apps.get_app_configs() if Path(config.path).parent == ROOT} | {
    "apprentice_portal"
}
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps} | {
    app: len(LAYERS) - 2 for app in OURS - set().union(*LAYERS)
}


def our_modules():
    for app in sorted(OURS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


MODULES = dict(our_modules())


def imports_of(name, path):
    """(imported module, line number, inside a function?, the line's text) for each import of ours."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            targets = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                # "from x import y" imports x.y when y is a module, else x.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
            for target in targets:
                if target.split(".")[0] in OURS:
                    found.append((resolve(target), child.lineno, in_function, lines[child.lineno - 1]))
            visit(child, inner)

    visit(tree, False)
    return found


def resolve(target):
    while target not in MODULES and "." in target:
        target = target.rpartition(".")[0]
    return target


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def test_the_scan_sees_our_apps_and_their_imports():
    assert "accounts.access" in MODULES and "trainees.views" in MODULES
    assert any(target == "accounts.access" for target, *_ in GRAPH["trainees.views"])


def test_accounts_imports_no_app_above_it():
    wrong = sorted(
        f"{name}:{line} imports {target}"
        for name, found in GRAPH.items()
        if name.split(".")[0] == "accounts"
        for target, line, _inner, _text in found
        if target.split(".")[0] not in {"accounts", "core"}
    )
    assert wrong == []


def test_core_imports_no_app_of_ours():
    wrong = sorted(
        f"{name}:{line} imports {target}"
        for name, found in GRAPH.items()
        if name.split(".")[0] == "core"
        for target, line, _inner, _text in found
        if target.split(".")[0] != "core"
    )
    assert wrong == []


def test_no_module_imports_a_higher_layer():
    wrong = sorted(
        f"{name}:{line} ({name.split('.')[0]}) imports {target} ({target.split('.')[0]}, a higher layer)"
        for name, found in GRAPH.items()
        for target, line, _inner, _text in found
        if name.split(".")[0] != target.split(".")[0]
        and LAYER_OF[target.split(".")[0]] >= LAYER_OF[name.split(".")[0]]
    )
    assert wrong == []


def test_no_modules_import_each_other_round_any_loop():
    edges = {name: {t for t, *_rest in found if t != name} for name, found in GRAPH.items()}
    loops = []
    state = {}

    def walk(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                loops.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                walk(nxt, stack)
        stack.pop()
        state[node] = "done"

    for name in sorted(edges):
        if name not in state:
            walk(name, [])
    assert loops == []


def test_imports_inside_functions_say_why():
    unexplained = sorted(
        f"{name}:{line}: {text.strip()}"
        for name, found in GRAPH.items()
        for _target, line, inner, text in found
        if inner and "#" not in text
    )
    assert unexplained == []


@pytest.mark.parametrize("name", sorted(set().union(*LAYERS)))
def test_lower_layers_are_scanned(name):
    assert any(module.split(".")[0] == name for module in MODULES)
