"""The floors of the house (README "Aufbau", docs/aufbau.md): which app may import which.

Read from the source with `ast`, so an import inside a function counts as much as one at the top of a file."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
APPS = (
    "newsroom",
    "core",
    "pagecache",
    "backups",
    "portals",
    "images",
    "pages",
    "people",
    "articles",
    "accounts",
    "wordpress",
    "newsletter",
    "demo",
)
# What each app may import of the project besides itself: imports only go down; the frameworks (pagecache,
# backups) and core name no feature app, and no app knows the demo (make run, bench/ and the tests use it).
MAY_IMPORT = {
    "core": set(),
    "pagecache": {"core"},
    "backups": {"core"},
    # Portals: the frameworks below it; every feature app may use its models (docs/mehrere-portale.md).
    "portals": {"core", "pagecache", "backups"},
    "images": {"core", "pagecache"},
    # Static pages may show library pictures in their text (whose licence may end).
    "pages": {"core", "pagecache", "portals", "images"},
    # Contributors (people/__init__.py): below articles, whose bylines and profile pages name them.
    "people": {"core", "pagecache", "images"},
    "articles": {"core", "pagecache", "backups", "portals", "images", "people"},
    "accounts": {"core", "portals", "articles"},
    "wordpress": {"core", "portals", "articles", "images", "people"},
    "newsletter": {"core", "pagecache", "portals", "images", "articles"},
    "demo": {"core", "portals", "images", "pages", "people", "articles", "newsletter"},
    "newsroom": {"core", "pagecache", "portals", "articles", "pages", "images"},
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in APPS)
    return found


def sources(app: str) -> list[Path]:
    return [path for path in (PROJECT / app).rglob("*.py") if "migrations" not in path.parts]


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_floors_below_it(app):
    wrong = {
        str(path.relative_to(PROJECT)): sorted(imported_apps(path) - MAY_IMPORT[app] - {app}) for path in sources(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_the_page_cache_names_no_app_not_even_by_label():
    for path in sources("pagecache"):
        text = path.read_text()
        named = [app for app in APPS if app != "pagecache" and (f'"{app}.' in text or f'"{app}:' in text)]
        assert named == [], path


def test_no_app_imports_the_demo():
    assert [app for app in APPS if app != "demo" for path in sources(app) if "demo" in imported_apps(path)] == []


def test_the_readme_names_what_each_app_may_import():
    """README "Aufbau": one line per app ending in "Importiert `a`, `b`." (or "keine Projekt-App")."""
    readme = (PROJECT / "README.md").read_text()
    layout = readme.split("## Aufbau", 1)[1].split("\n## ", 1)[0]
    entries = {}
    for entry in layout.split("\n- ")[1:]:
        app = entry.split("`", 2)[1].rstrip("/")
        if app in APPS and app != "newsroom":
            said = " ".join(entry.split()).split("Importiert", 1)[1].split(";")[0].split(".")[0]
            entries[app] = {name for name in said.split("`")[1::2] if name in APPS}
    assert entries == {app: allowed for app, allowed in MAY_IMPORT.items() if app != "newsroom"}


def test_articles_holds_no_demo_material():
    assert not any("demo" in path.name for path in sources("articles"))
    assert not (PROJECT / "articles" / "management" / "commands" / "seed_demo.py").exists()


def test_every_app_is_a_project_package_and_pyproject_names_each():
    """ruff sorts the apps' imports as first-party, and their deprecation warnings fail the tests (pyproject.toml)."""
    packages = {path.parent.name for path in PROJECT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(APPS)
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text())
    first_party = set(config["tool"]["ruff"]["lint"]["isort"]["known-first-party"])
    assert set(APPS) - first_party == set()
    deprecations = [rule for rule in config["tool"]["pytest"]["ini_options"]["filterwarnings"] if "Deprecation" in rule]
    for rule in deprecations:
        modules = re.search(r":\(([\w|]+)\)", rule).group(1).split("|")
        assert set(APPS) - set(modules) == set(), rule
