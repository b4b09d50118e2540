"""The ``cm-tui`` command. Without a subcommand it opens the app."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cm_tui import paths
from cm_tui.config import ConfigError, Settings, load_settings

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "cm")


def build_parser() -> argparse.ArgumentParser:
    from cm_tui import cli_demo, cli_import, cli_reports, cli_spikes

    parser = argparse.ArgumentParser(
        prog="cm-tui",
        description="Kommentar-Triage für das Community-Management von Städten und Amtfluencer-Profilen.",
    )
    parser.add_argument("--db", type=Path, help="Datenbankdatei (sonst $CM_TUI_DB oder das Benutzerdatenverzeichnis)")
    parser.add_argument("--user", default=None, help="Name im Protokoll (Standard: Betriebssystem-Benutzer)")
    parser.add_argument("--lang", choices=("de", "en"), default=None, help="Sprache der Oberfläche")
    parser.add_argument("--config", type=Path, default=None, help="config.toml (Standard: Benutzerkonfiguration)")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    cli_import.register(sub)
    cli_demo.register(sub)
    cli_spikes.register(sub)
    cli_reports.register(sub)
    serve = sub.add_parser("serve", help="die App im Browser bereitstellen (textual-serve)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=_serve)
    return parser


def db_path(args: argparse.Namespace) -> Path:
    return args.db or paths.default_db()


def settings_of(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("cm-tui serve: textual-serve fehlt (pip install 'cm-tui[serve]')", file=sys.stderr)
        return EXIT_INTERNAL
    parts = [sys.executable, "-m", "cm_tui", "--db", str(db_path(args))]
    if args.user:
        parts += ["--user", args.user]
    if args.lang:
        parts += ["--lang", args.lang]
    if args.config:
        parts += ["--config", str(args.config)]
    import shlex

    Server(shlex.join(parts), host=args.host, port=args.port, title="cm-tui").serve()
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from cm_tui.ui import hangup
    from cm_tui.ui.app import CmApp

    settings = settings_of(args)
    app = CmApp(
        db_path(args), args.user or default_user(), settings,
        lang=args.lang or settings.lang, config_path=args.config,
    )
    # Not App.run: a dropped SSH connection or killed tmux session must end the app (see hangup).
    return hangup.run(app)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None) or _run_app
    try:
        return int(func(args) or 0)
    except ConfigError as exc:
        print(f"cm-tui: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
