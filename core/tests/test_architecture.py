"""The floors of docs/decisions/0001: imports point down only, and apps on one floor reach each other only
through core.registry. Read from the source, so a new import that breaks the rule fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {
    "core": 0,
    "organisations": 1,
    "decisions": 2, "accounts": 2,
    "services": 3,
    "rules": 4, "governance": 4, "lifecycle": 4, "costs": 4, "security": 4, "indicators": 4,
    "architecture": 5,
    "portfolio": 6,
    "maturity": 7,
    "reports": 8, "catalogue": 8,
    "styr": 9,
}


def _imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno


def _sources():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:  # tests may build data with any app's factories
                continue
            yield app, path


def test_imports_point_down_only():
    wrong = []
    for app, path in _sources():
        for imported, line in _imported_apps(path):
            if imported in FLOORS and imported != app and FLOORS[imported] >= FLOORS[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({app}, floor {FLOORS[app]}) imports {imported} "
                             f"(floor {FLOORS[imported]})")
    assert not wrong, "\n".join(wrong)


def test_no_app_is_missing_from_the_floors():
    from django.conf import settings

    ours = {name for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()}
    assert ours == set(FLOORS)


def test_the_ground_floor_layout_names_no_app_page():
    """The menu comes from the registry (each app adds its pages); the layout itself links to none of them."""
    import re

    named = []
    for path in sorted((ROOT / "core" / "templates").rglob("*.html")):
        for namespace in set(re.findall(r"{% url '([a-z_]+):", path.read_text(encoding="utf-8"))) - {"core"}:
            named.append(f"{path.relative_to(ROOT)} names {namespace}:…")
    assert not named, "\n".join(named)


def test_no_two_pages_share_a_url_name():
    """A name given twice in one namespace makes reverse() reach only one of the pages — silently (issue 11's
    two "service-options" suggestion views, merged from two branches)."""
    from collections import Counter

    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from names(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}"

    counted = Counter(names(get_resolver().url_patterns))
    # DRF's format-suffix patterns repeat every API name once per suffix; they are one page each.
    twice = sorted(name for name, n in counted.items() if n > 1 and not name.startswith("api:"))
    assert twice == []
