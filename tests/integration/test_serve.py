"""`cm-tui serve` answers in a browser on 127.0.0.1 (textual-serve)."""

from __future__ import annotations

import socket
import subprocess
import sys
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
        # The server needs a moment to start: the transport retries refused connections with backoff.
        with httpx.Client(transport=httpx.HTTPTransport(retries=7), timeout=5) as client:
            try:
                response = client.get(f"http://127.0.0.1:{port}/")
            except httpx.TransportError as exc:
                output = proc.stdout.read().decode() if proc.poll() is not None and proc.stdout else ""
                raise AssertionError(f"serve did not answer: {exc} {output}") from None
        assert response is not None and response.status_code == 200
        assert "cm-tui" in response.text
        with socket.socket() as s:  # not reachable on other interfaces than loopback
            host_ip = socket.gethostbyname(socket.gethostname())
            if not host_ip.startswith("127."):
                assert s.connect_ex((host_ip, port)) != 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
