"""Shared fixtures: every test gets its own CM_TUI_HOME so a developer's config never leaks in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cm_tui.store.db import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test stale compiled modules: an edited source file of the compiled netiquette
    engine is shadowed by its older ``.so`` until the package is built again."""
    for so in sorted((ROOT / "netiquette").glob("*.so")):
        source = so.with_name(so.name.split(".")[0] + ".py")
        if source.exists() and source.stat().st_mtime > so.stat().st_mtime:
            pytest.exit(f"{source.relative_to(ROOT)} ist neuer als sein kompiliertes Modul "
                        f"{so.name}: `make test` baut es neu", returncode=3)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CM_TUI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CM_TUI_DB", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.db")
    yield s
    s.close()
