"""Run the app so that it ends with its terminal.

When an SSH connection drops or a tmux session is killed, the terminal hangs up: the session
gets SIGHUP and reads from the tty return EOF from then on. Textual 8 handles neither: its input
thread treats an empty read as "stdin is piped" and selects again at once, so an app whose
SIGHUP was ignored (nohup, a wrapper, a shell that does not forward it) or that never got one
(not the tty's session) spins at 70-100 % of a core forever and keeps its claim on a comment
alive. And the default SIGHUP action kills the process between two statements.

``run`` turns both signs of a hang-up into a clean ``App.exit``: screens unmount, the stores
close, and asyncio waits for thread workers, so an action already writing its transaction
finishes it. The exit code is 129 (128 + SIGHUP), as a shell reports a hung-up job.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

EXIT_HANGUP = 128 + int(getattr(signal, "SIGHUP", 1))


def terminal_fds() -> list[int]:
    """The file descriptors Textual uses that are terminals (it reads stdin, paints on stderr)."""
    fds: list[int] = []
    for stream in (sys.__stdin__, sys.__stderr__):
        try:
            fd = stream.fileno() if stream is not None else -1
        except (OSError, ValueError):
            continue
        if fd >= 0 and fd not in fds and os.isatty(fd):
            fds.append(fd)
    return fds


def watch_hangup(fds: list[int], on_hangup: Callable[[], None]) -> Callable[[], None]:
    """Call ``on_hangup`` once, from a daemon thread, when any of ``fds`` hangs up.

    It polls for no events at all, so the kernel reports only POLLHUP/POLLERR/POLLNVAL: the
    thread sleeps in the kernel and never takes input away from Textual. Returns a function that
    stops the watch."""
    if not fds or not hasattr(select, "poll"):
        return lambda: None
    wake_r, wake_w = os.pipe()
    poller = select.poll()
    for fd in fds:
        poller.register(fd, 0)
    poller.register(wake_r, select.POLLIN)

    def watch() -> None:
        while True:
            events = poller.poll()
            if any(fd == wake_r for fd, _ in events):
                return
            if any(ev & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, ev in events):
                on_hangup()
                return

    thread = threading.Thread(target=watch, name="cm-tui-hangup", daemon=True)
    thread.start()

    def stop() -> None:
        os.write(wake_w, b"x")  # the read end stays open until the thread is gone
        thread.join(timeout=1.0)
        os.close(wake_w)
        if not thread.is_alive():
            os.close(wake_r)

    return stop


async def run_async(app: App[Any]) -> int:
    """Run ``app`` until it quits or its terminal hangs up; returns the exit code."""
    loop = asyncio.get_running_loop()
    hung_up = False

    def hang_up() -> None:  # on the event loop
        nonlocal hung_up
        if not hung_up:
            hung_up = True
            app.exit(return_code=EXIT_HANGUP)

    sighup = getattr(signal, "SIGHUP", None)
    previous = signal.getsignal(sighup) if sighup is not None else None
    if sighup is not None:
        loop.add_signal_handler(sighup, hang_up)
    stop_watch = watch_hangup(terminal_fds(), lambda: loop.call_soon_threadsafe(hang_up))
    try:
        await app.run_async()
    finally:
        stop_watch()
        if sighup is not None:
            loop.remove_signal_handler(sighup)
            # After a hang-up a late SIGHUP must not turn the clean exit into a kill.
            signal.signal(sighup, signal.SIG_IGN if hung_up else (previous or signal.SIG_DFL))
    return EXIT_HANGUP if hung_up else int(app.return_code or 0)


def run(app: App[Any]) -> int:
    """``App.run`` for a terminal that may go away; returns the exit code."""
    return asyncio.run(run_async(app))
