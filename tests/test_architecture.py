"""Dependencies point one way: twitchdiary.lib ← accounts ← diary ← reminders ← reports ← backup.

Each package may import only itself and the packages to its left: the shared
library imports no app, accounts imports only the library, diary the library and
accounts, reminders those and diary, reports those and reminders, backup any of
them. Every module counts, migrations and management commands included, and so
do imports inside functions and the apps a migration depends on.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("twitchdiary.lib", "accounts", "diary", "reminders", "reports", "backup")
# The project package around the library (settings, URLs, WSGI) sits above every app.
PROJECT = "twitchdiary"


def layer_of(module: str) -> int | None:
    """The layer a dotted module name belongs to; None for anything outside the project."""
    for index, package in enumerate(LAYERS):
        if module == package or module.startswith(package + "."):
            return index
    if module == PROJECT or module.startswith(PROJECT + "."):
        return len(LAYERS)
    return None


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Every module the source imports (relative imports resolved against ``module``),
    and for a migration the apps its ``dependencies`` name."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(target)
        elif isinstance(node, ast.Assign) and ".migrations." in module:
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if names == ["dependencies"] and isinstance(node.value, ast.List | ast.Tuple):
                for item in node.value.elts:
                    if isinstance(item, ast.Tuple) and isinstance(item.elts[0], ast.Constant):
                        found.append(str(item.elts[0].value))
    return found


def back_edges(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """The imports of ``module`` that point against the direction of the layers."""
    own = layer_of(module)
    assert own is not None and own < len(LAYERS), module
    return [
        target
        for target in imported_modules(source, module, is_package=is_package)
        if (layer := layer_of(target)) is not None and layer > own
    ]


def project_modules() -> list[tuple[Path, str]]:
    """(path, dotted name) of every module in the layered packages."""
    modules = []
    for package in LAYERS:
        for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.append((path, ".".join(parts)))
    return modules


def test_no_module_imports_against_the_direction_of_the_layers():
    found = []
    for path, module in project_modules():
        is_package = path.name == "__init__.py"
        name = module.removesuffix(".__init__")
        found += [
            f"{name} imports {target}"
            for target in back_edges(path.read_text(), name, is_package=is_package)
        ]

    assert found == []


def test_the_walk_covers_every_package_with_its_migrations_and_commands():
    names = {module for _, module in project_modules()}

    assert {"twitchdiary.lib.rules", "diary.status", "reports.pipeline", "backup.services"} <= names
    assert "accounts.migrations.0001_initial" in names
    assert "diary.management.commands.seed_demo" in names
    assert not any(name.startswith(("twitchdiary.settings", "tests.")) for name in names)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("diary.views", "from reports.build import get_status\n"),
        ("diary.views", "def f():\n    import reports.build\n"),
        ("twitchdiary.lib.rules", "from diary.models import Episode\n"),
        ("twitchdiary.lib.rules", "from twitchdiary import settings\n"),
        ("twitchdiary.lib.rules", "from .. import urls\n"),
        ("accounts.models", "from diary import models\n"),
        ("reports.frames", "from backup.services import export\n"),
        ("accounts.migrations.0006_x", "dependencies = [('diary', '0001_initial')]\n"),
    ],
)
def test_the_checker_catches_a_back_edge(module, source):
    assert back_edges(source, module) != []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("twitchdiary.lib.rules", "from . import clinical\nfrom .dates import fmt_date\n"),
        ("twitchdiary.lib.forms", "from django import forms\n"),
        ("accounts.models", "from twitchdiary.lib.units import ML_PER_US_FL_OZ\n"),
        ("diary.status", "from .models import Episode\nfrom accounts.models import Profile\n"),
        ("reports.pipeline", "from diary.status import load_history\nimport pandas as pd\n"),
        ("backup.services", "from reports.forms import QuestionsForm\n"),
        ("diary.migrations.0002_x", "dependencies = [('accounts', '0005_profile_cache_token')]\n"),
    ],
)
def test_the_checker_lets_imports_along_the_layers_pass(module, source):
    assert back_edges(source, module) == []
