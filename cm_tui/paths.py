"""Where cm-tui keeps its files. Nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "cm-tui"


def home() -> Path | None:
    """``CM_TUI_HOME`` puts data and config in one folder (tests, portable installs)."""
    value = os.environ.get("CM_TUI_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    return home() or platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    return home() or platformdirs.user_config_path(APP, appauthor=False)


def default_db() -> Path:
    """``CM_TUI_DB`` wins over the user data directory; ``--db`` wins over both (in the CLI)."""
    value = os.environ.get("CM_TUI_DB")
    return Path(value) if value else data_dir() / "cm-tui.db"


def config_file() -> Path:
    return config_dir() / "config.toml"
