"""A demo database imported from sample_data once per test session; each test gets a copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

WRITE_GROUPS = {"write", "refresh", "queue-pages", "claims", "recheck"}


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cm_tui.cli import main

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "import", str(SAMPLE), "--quiet"]) == 0
    from cm_tui.store.db import open_store

    from cm_tui.spikes_refresh import refresh_spikes
    from tests.conftest import NOW

    store = open_store(path)
    refresh_spikes(store, now=NOW)  # spike state as of the tests' fixed clock, not today's
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def demo_db(demo_db_master: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.db"
    shutil.copy(demo_db_master, target)
    return target


async def settle(pilot, groups: Iterable[str] = WRITE_GROUPS, rounds: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Wait until background reads and writes are done and their messages are handled."""
    groups = set(groups)
    for _ in range(rounds):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group in groups and not w.is_finished]
        if not busy:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"workers still busy: {busy}")


@pytest.fixture(autouse=True)
def _rules_without_idle_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app loads its rule set once keys rest for a second; tests need not wait for that."""
    from cm_tui.ui.app import CmApp

    monkeypatch.setattr(CmApp, "RULES_IDLE_SECONDS", 0.0)
