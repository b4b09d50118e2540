"""`cm-tui serve` answers in a browser on 127.0.0.1 (textual-serve)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_binds_loopback_and_serves_the_app_page(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cm_tui", "--db", str(tmp_path / "d.db"), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.stdout else "serve exited") from None
                time.sleep(0.2)  # the server is still starting; poll until it answers
        assert response is not None and response.status_code == 200
        assert "cm-tui" in response.text
        with socket.socket() as s:  # not reachable on other interfaces than loopback
            host_ip = socket.gethostbyname(socket.gethostname())
            if not host_ip.startswith("127."):
                assert s.connect_ex((host_ip, port)) != 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
