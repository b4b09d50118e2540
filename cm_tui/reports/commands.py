"""Handlers behind the report subcommands (see ``cm_tui/cli_reports.py`` for the arguments).

Every handler returns an exit code: 0 done, 2 bad input (one line on stderr naming the file or
comment and the reason), 1 internal failure. Output files are written under a temp name and
renamed, so a failure never leaves half a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import IO

from cm_tui.clock import iso, utcnow
from cm_tui.config import ConfigError
from cm_tui.reports.common import ReportError, atomic_open, parse_when, resolve_comment
from cm_tui.store.db import Store, open_store

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _fail(prog: str, message: str, code: int = EXIT_BAD_INPUT) -> int:
    print(f"cm-tui {prog}: {message}", file=sys.stderr)
    return code


def _open(args: argparse.Namespace) -> tuple[Store, str]:
    from cm_tui.cli import db_path, default_user

    path = db_path(args)
    if not Path(path).exists():
        raise ReportError(f"{path}: Datenbank existiert nicht (erst importieren oder --db angeben)")
    return open_store(path), (getattr(args, "user", None) or default_user())


def _guard(prog: str, body: Callable[[], int]) -> int:
    try:
        return body()
    except (ReportError, ConfigError) as exc:
        return _fail(prog, str(exc))
    except BrokenPipeError:
        return 0
    except OSError as exc:
        name = getattr(exc, "filename", None)
        return _fail(prog, f"{name}: {exc.strerror or exc}" if name else str(exc))
    except Exception as exc:  # one line, never a traceback
        return _fail(prog, f"interner Fehler: {type(exc).__name__}: {exc}", EXIT_INTERNAL)


def _emit(text: str, out: str | None) -> None:
    if out:
        with atomic_open(Path(out)) as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


# -- handover ------------------------------------------------------------------------------------
def handover_command(args: argparse.Namespace) -> int:
    from cm_tui.reports.handover import build_handover, close_shift, log_start, since_last_close
    from cm_tui.reports.render_handover import render

    def body() -> int:
        if args.note is not None and not args.close:
            raise ReportError("--note nur zusammen mit --close (die Notiz gehört zur Schichtübergabe)")
        store, user = _open(args)
        try:
            now = parse_when(args.until, utcnow()) if args.until else utcnow()
            if args.since_last:
                since = since_last_close(store, now) or log_start(store) or now - timedelta(hours=8)
            else:
                since = parse_when(args.since or "8h", now)
            if since > now:
                raise ReportError(f"--since {args.since}: liegt nach dem Stichzeitpunkt {iso(now)}")
            report = build_handover(store, since=since, now=now, note=args.note if args.close else None)
            _emit(render(report, args.format), args.out)
            if args.close:
                entry = close_shift(store, user, args.note, since=since)
                print(f"Schicht geschlossen (Protokolleintrag #{entry}).", file=sys.stderr)
        finally:
            store.close()
        return 0

    return _guard("handover", body)


# -- log export ----------------------------------------------------------------------------------
def log_export_command(args: argparse.Namespace) -> int:
    from cm_tui.reports.audit import iter_rows, write_csv, write_jsonl

    def body() -> int:
        now = utcnow()
        since = iso(parse_when(args.since, now)) if args.since else None
        until = iso(parse_when(args.until, now)) if args.until else None
        if since and until and since >= until:
            raise ReportError(f"--since {args.since} liegt nicht vor --until {args.until}")
        store, _user = _open(args)
        writer = write_csv if args.format == "csv" else write_jsonl
        try:
            rows = iter_rows(store, since=since, until=until)
            if args.out:
                with atomic_open(Path(args.out), newline="") as fh:
                    n = writer(rows, fh)
                print(f"{n} Protokolleinträge nach {args.out} geschrieben.", file=sys.stderr)
            else:
                out: IO[str] = sys.stdout
                writer(rows, out)
                out.flush()
        finally:
            store.close()
        return 0

    return _guard("log export", body)


# -- evidence ------------------------------------------------------------------------------------
def evidence_command(args: argparse.Namespace) -> int:
    from cm_tui.reports.evidence_package import write_package

    def body() -> int:
        out = Path(args.out)
        if not out.is_dir():
            raise ReportError(f"{out}: Zielordner existiert nicht")
        store, user = _open(args)
        try:
            cid = resolve_comment(store, args.comment)
            md, js = write_package(store, cid, out, user=user, now=utcnow())
        finally:
            store.close()
        print(md)
        print(js)
        return 0

    return _guard("evidence", body)


# -- reason --------------------------------------------------------------------------------------
def reason_command(args: argparse.Namespace) -> int:
    from cm_tui.config import load_settings
    from cm_tui.reports.reason import build_reason, render_reason

    def body() -> int:
        settings = load_settings(getattr(args, "config", None))
        store, _user = _open(args)
        try:
            cid = resolve_comment(store, args.comment)
            statement = build_reason(store, cid, city=settings.city, links=dict(settings.links))
        finally:
            store.close()
        sys.stdout.write(render_reason(statement, args.format))
        return 0

    return _guard("reason", body)


