"""The app ends with its terminal: a dropped SSH connection or a killed tmux session must not
leave an orphan spinning on a core and renewing its claim on a comment."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow


def _seeded_db(tmp_path: Path) -> Path:
    db = tmp_path / "hup.db"
    subprocess.run(
        [sys.executable, "-m", "cm_tui", "--db", str(db), "import", str(SAMPLE), "--quiet"],
        check=True, cwd=ROOT, timeout=120,
    )
    return db


def _start_on_pty(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "cm_tui", "--db", str(db)],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, start_new_session=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(slave)
    return proc, master


def _wait_for_paint(proc: subprocess.Popen[bytes], master: int, text: bytes, timeout: float = 60) -> None:
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen and time.monotonic() < deadline and proc.poll() is None:
        if select.select([master], [], [], 0.2)[0]:
            seen += os.read(master, 65536)
    assert text in seen, f"the app never painted its header: {seen[-500:]!r}"


def _wait_for_claim(proc: subprocess.Popen[bytes], master: int, db: Path, timeout: float = 30) -> None:
    """Until the app has claimed the comment under its cursor (its first write), reading the
    terminal meanwhile so the app never blocks on a full pty."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with sqlite3.connect(db) as conn:
            if conn.execute("SELECT count(*) FROM claims").fetchone()[0]:
                return
        if select.select([master], [], [], 0.1)[0]:
            os.read(master, 65536)
    pytest.fail("the app never claimed the comment under its cursor")


@pytest.mark.parametrize("how", ["eof", "sighup"])
def test_app_exits_cleanly_when_its_terminal_goes_away(tmp_path: Path, how: str) -> None:
    """``eof``: the tty only reads EOF (SIGHUP ignored or sent elsewhere, e.g. nohup or a wrapper);
    ``sighup``: what sshd or tmux do, SIGHUP to the session, then the tty hangs up."""
    db = _seeded_db(tmp_path)
    proc, master = _start_on_pty(db)
    try:
        _wait_for_paint(proc, master, "Offen".encode())
        _wait_for_claim(proc, master, db)  # the app writes by now: the line drops amid its work
        if how == "sighup":
            os.killpg(proc.pid, signal.SIGHUP)
        os.close(master)
        master = -1
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("the app kept running after its terminal went away")
    finally:
        if master >= 0:
            os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # 129 = 128 + SIGHUP, from a clean exit; not killed by the signal (-1), not a traceback (1).
    assert code == 129
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] > 0


def test_quitting_normally_still_exits_with_zero(tmp_path: Path) -> None:
    db = _seeded_db(tmp_path)
    proc, master = _start_on_pty(db)
    try:
        _wait_for_paint(proc, master, "Offen".encode())
        os.write(master, b"\x11")  # ctrl+q
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:  # keep reading: the app restores the terminal
            if select.select([master], [], [], 0.2)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        assert proc.wait(timeout=5) == 0
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
