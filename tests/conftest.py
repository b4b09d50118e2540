"""Shared fixtures: every test gets its own CM_TUI_HOME so a developer's config never leaks in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cm_tui.store.db import Store, open_store
from netiquette.build_check import stale_compiled

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test stale compiled modules: an edited source file of the compiled netiquette
    engine is shadowed by its older ``.so`` until the package is built again."""
    stale = stale_compiled(ROOT / "netiquette")
    if stale:
        pytest.exit(f"{stale[0].relative_to(ROOT)} ist neuer als sein kompiliertes Modul: "
                    "`make test` baut es neu", returncode=3)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CM_TUI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CM_TUI_DB", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "test.db")
    yield s
    s.close()
