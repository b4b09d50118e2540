"""The UI draws on a finer grid than Textual's default 60 frames a second (see cm_tui/ui/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

CODE = "import cm_tui.ui.app, textual.screen; print(textual.screen.UPDATE_PERIOD)"


def _update_period(env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return float(out.stdout)


def test_frames_wait_at_most_a_few_milliseconds_unless_the_user_says_otherwise() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    assert _update_period(env) <= 1 / 200
    assert _update_period({**env, "TEXTUAL_FPS": "30"}) == 1 / 30
