"""The terminal watch behind the app's hang-up exit: it fires on a hung-up tty, not on input."""

from __future__ import annotations

import os
import threading

from cm_tui.ui.hangup import watch_hangup


def test_fires_when_the_other_end_of_the_terminal_closes() -> None:
    master, slave = os.openpty()
    fired = threading.Event()
    stop = watch_hangup([slave], fired.set)
    try:
        os.write(master, b"j\n")  # input is not a hang-up, and the watch does not consume it
        assert not fired.wait(0.3)
        assert os.read(slave, 10) == b"j\n"
        os.close(master)
        assert fired.wait(10)
    finally:
        stop()
        os.close(slave)


def test_stop_ends_the_watch_without_firing() -> None:
    master, slave = os.openpty()
    fired = threading.Event()
    stop = watch_hangup([slave], fired.set)
    stop()
    os.close(master)
    os.close(slave)
    assert not fired.is_set()
    assert not any(t.name == "cm-tui-hangup" and t.is_alive() for t in threading.enumerate())
