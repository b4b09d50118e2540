"""``cm-tui import`` and ``cm-tui stats``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from cm_tui.config import ChannelRule, ConfigError, load_channels

# Documentation and settings that live beside exports in a folder; they are not exports.
SKIP_IN_FOLDERS = {".md", ".toml", ".py", ".txt"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="Exportdateien oder Ordner importieren")
    p.add_argument("paths", nargs="+", type=Path, metavar="PFAD")
    p.add_argument("--json", action="store_true", help="Zusammenfassung als JSON")
    p.add_argument("--quiet", action="store_true", help="nur Fehler ausgeben")
    p.add_argument("--channel", help="Kanalname für Kommentare ohne Kanalangabe")
    p.add_argument("--owner", help="Amtfluencer-Name für diesen Kanal")
    p.add_argument("--channels", type=Path, help="channels.toml mit Zuordnungen (Standard: im Ordner)")
    p.set_defaults(func=run_import)
    r = sub.add_parser("recheck", help="alle Kommentare nach geänderten Netiquette-Regeln neu prüfen")
    r.add_argument("--quiet", action="store_true")
    r.set_defaults(func=run_recheck)
    s = sub.add_parser("stats", help="Kommentare je Plattform, Kanal und Status")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=run_stats)


def expand(paths: list[Path]) -> Iterator[tuple[Path, list[ChannelRule]]]:
    """Files in argument order; folders recursively in name order, with their channels.toml."""
    for path in paths:
        if path.is_dir():
            rules: list[ChannelRule] = []
            manifest = path / "channels.toml"
            if manifest.exists():
                rules = list(load_channels(manifest))
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                if f.suffix.lower() in SKIP_IN_FOLDERS or any(part.startswith(".") for part in f.parts[len(path.parts):]):
                    continue
                yield f, rules
        else:
            yield path, []


class Progress:
    """A one-line counter on stderr for large files, only when stderr is a terminal."""

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled, self.start = path, enabled and sys.stderr.isatty(), time.perf_counter()
        self.size = path.stat().st_size if path.exists() else 0

    def __call__(self, n: int) -> None:
        if not self.enabled:
            return
        rate = n / max(time.perf_counter() - self.start, 1e-6)
        sys.stderr.write(f"\r{self.path.name}: {n:>10,} Datensätze  {rate:>9,.0f}/s ".replace(",", "."))
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")


def run_import(args: argparse.Namespace) -> int:
    from cm_tui.checking import load_rules, recheck
    from cm_tui.cli import db_path, settings_of
    from cm_tui.importers import BadInput, read_export
    from cm_tui.store.db import open_store
    from cm_tui.store.ingest import ChannelMap, ImportSummary, file_sha256, import_records

    settings = settings_of(args)
    extra: list[ChannelRule] = []
    if args.channels:
        extra = list(load_channels(args.channels))
    store = open_store(db_path(args))
    summaries: list[ImportSummary] = []
    status = 0
    missing = [p for p in args.paths if not p.exists()]
    for p in missing:
        summaries.append(ImportSummary(path=str(p), rejected=True, error="Datei nicht gefunden"))
        print(f"cm-tui: {p}: Datei nicht gefunden", file=sys.stderr)
        status = 2
    try:
        files = list(expand([p for p in args.paths if p.exists()]))
    except ConfigError as exc:
        print(f"cm-tui: {exc}", file=sys.stderr)
        return 2
    for path, folder_rules in files:
        channels = ChannelMap([*settings.channels, *folder_rules, *extra])
        progress = Progress(path, not args.quiet and not args.json)
        try:
            sha = file_sha256(path)
            fmt, records = read_export(path)
            summary = import_records(
                store, path, fmt, records, channels=channels, default_channel=(args.channel, args.owner),
                progress=progress, sha256=sha,
            )
        except BadInput as exc:
            summary = ImportSummary(path=str(path), rejected=True, error=str(exc))
            print(f"cm-tui: {path}: {exc}", file=sys.stderr)
            status = 2
        except OSError as exc:
            summary = ImportSummary(path=str(path), rejected=True, error=exc.strerror or str(exc))
            print(f"cm-tui: {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
        finally:
            progress.done()
        summaries.append(summary)
        if not args.json and not args.quiet and not summary.rejected:
            print(
                f"{path}: {summary.format}: {summary.new} neu, {summary.updated} geändert, "
                f"{summary.unchanged} unverändert, 0 abgelehnt"
            )
    checked = recheck(store, load_rules(settings.rule_files), rule_files=settings.rule_files)
    from cm_tui.spikes_refresh import refresh_spikes

    refresh_spikes(store, events=False)
    from cm_tui.safe_text import one_line
    from cm_tui.store.coverage import describe, gaps

    missing_pages = gaps(store, (key for s in summaries for key in s.announced))
    if args.json:
        print(json.dumps({"files": [s.as_dict() for s in summaries], "checked": checked,
                          "gaps": [g.as_dict() for g in missing_pages]}, ensure_ascii=False))
    elif not args.quiet:
        rejected = sum(s.rejected for s in summaries)
        print(f"{len(summaries) - rejected} Dateien importiert, {rejected} abgelehnt, {checked} Kommentare geprüft.")
        for g in missing_pages:
            print(f"Hinweis: {one_line(describe(g))}")
    store.close()
    return status


def run_recheck(args: argparse.Namespace) -> int:
    """Check every comment whose stored result is from another rule-set version, then spikes."""
    from cm_tui.checking import load_rules, recheck
    from cm_tui.cli import db_path, settings_of
    from cm_tui.spikes_refresh import refresh_spikes
    from cm_tui.store import jobs
    from cm_tui.store.db import open_store

    store = open_store(db_path(args))
    holder = jobs.me()
    busy = jobs.take(store, "recheck", holder)
    if busy is not None:  # another app's re-check does the same work (and checks what we would)
        if not args.quiet:
            print(f"Neuprüfung läuft bereits ({busy}).")
        store.close()
        return 0
    try:
        rule_files = settings_of(args).rule_files
        checked = recheck(store, load_rules(rule_files), rule_files=rule_files,
                          progress=lambda _n: jobs.take(store, "recheck", holder))
        if checked:
            refresh_spikes(store, events=False)
    finally:
        jobs.release(store, "recheck", holder)
    if not args.quiet:
        print(f"{checked} Kommentare neu geprüft.")
    store.close()
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from cm_tui.cli import db_path
    from cm_tui.store.db import open_store

    store = open_store(db_path(args))
    conn = store.conn
    data = {
        "total": conn.execute("SELECT count(*) FROM comments").fetchone()[0],
        "platform": dict(conn.execute("SELECT platform, count(*) FROM comments GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "channel": dict(
            conn.execute(
                "SELECT coalesce(channel, '(ohne Kanal)'), count(*) FROM comments GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        ),
        "status": dict(conn.execute("SELECT state, count(*) FROM comments GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        "flagged": conn.execute("SELECT count(*) FROM comments WHERE flagged=1").fetchone()[0],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"Kommentare gesamt: {data['total']} (mit Regelverstoß: {data['flagged']})")
    for title, key in (("Plattform", "platform"), ("Kanal", "channel"), ("Status", "status")):
        print(f"\nNach {title}:")
        for name, n in data[key].items():  # type: ignore[attr-defined]
            print(f"  {n:>8}  {name}")
    return 0
