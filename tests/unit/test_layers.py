"""The layers stay apart: no Qt below the UI, and a domain that imports nothing of the project."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import journal.domain

DOMAIN = Path(journal.domain.__file__).parent
FORBIDDEN_FOR_DOMAIN = ("journal.storage", "journal.service", "journal.ui", "journal.cli", "journal.app")


def test_core_imports_no_qt() -> None:
    code = (
        "import json, sys\n"
        "import journal.domain.amounts, journal.domain.catalogue, journal.domain.entities\n"
        "import journal.domain.guidance, journal.domain.stats, journal.domain.times\n"
        "import journal.storage.engine, journal.storage.models, journal.storage.store\n"
        "import journal.service, journal.paths, journal.resources\n"
        "journal.resources.guidance(); journal.resources.catalogue()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'matplotlib', 'journal'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = json.loads(out.stdout)
    assert not [m for m in loaded if m.startswith(("PySide6", "shiboken6"))]
    assert not [m for m in loaded if m.startswith("matplotlib")]
    assert not [m for m in loaded if m.startswith("journal.ui")]
    assert "journal.service" in loaded


def _imports(path: Path) -> list[str]:
    package = ".".join(path.relative_to(DOMAIN.parent.parent).with_suffix("").parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.append(base + ("." + node.module if node.module else ""))
            elif node.module:
                names.append(node.module)
    return names


def test_domain_imports_nothing_from_the_outer_layers() -> None:
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) >= 7
    for path in files:
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN_FOR_DOMAIN), f"{path.name} imports {name}"
            assert not name.startswith(("PySide6", "sqlalchemy", "alembic", "matplotlib")), (
                f"{path.name} imports {name}"
            )
            if name == "journal" or name.startswith("journal."):
                assert name.startswith("journal.domain"), f"{path.name} imports {name}"


def test_storage_and_service_import_no_ui() -> None:
    src = DOMAIN.parent
    files = [
        *sorted((src / "storage").rglob("*.py")),
        src / "service.py",
        src / "paths.py",
        src / "resources.py",
    ]
    for path in files:
        for name in _imports(path):
            assert not name.startswith(("PySide6", "journal.ui", "journal.cli", "journal.app")), (
                f"{path.name} imports {name}"
            )
