"""`cm-tui spikes …` subcommands: `spikes replay FILE.csv` runs a count series through the rate
detector with the shipped defaults; `spikes list [--json] [--active]` prints the spike events stored
in the database (times in Europe/Berlin); :func:`format_events` renders detector events."""

from __future__ import annotations

import argparse
import csv
import json as _json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from cm_tui.spikes import DEFAULT_PARAMS, LEVEL_NAMES, SpikeEvent, replay_series
from cm_tui.spikes.events import scope_phrase


class BadInput(Exception):
    """A line of the input file that cannot be read; the message names file and line."""


def _parse_ts(text: str) -> datetime:
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    ts = datetime.fromisoformat(t)
    return ts.replace(tzinfo=timezone.utc) if ts.tzinfo is None else ts.astimezone(timezone.utc)


def read_series(path: Path) -> Iterator[tuple[datetime, float]]:
    """Rows of a `timestamp,value` CSV (header optional), in file order; raises BadInput."""
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror or exc}") from None
    with fh:
        last: datetime | None = None
        for lineno, row in enumerate(csv.reader(fh), start=1):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) < 2:
                raise BadInput(f"{path}:{lineno}: erwartet 'timestamp,value', gefunden {len(row)} Spalte")
            try:
                ts = _parse_ts(row[0])
                value = float(row[1])
            except ValueError:
                if lineno == 1:
                    continue  # header
                raise BadInput(f"{path}:{lineno}: Zeitstempel oder Wert unlesbar: {row[0][:40]!r}, {row[1][:40]!r}") from None
            if value < 0 or value != value:
                raise BadInput(f"{path}:{lineno}: Wert muss eine Zahl ≥ 0 sein: {row[1][:40]!r}")
            if last is not None and ts <= last:
                raise BadInput(f"{path}:{lineno}: Zeitstempel nicht aufsteigend: {row[0][:40]!r}")
            last = ts
            yield ts, value


def _replay(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        rows = list(read_series(path))  # read all first: nothing half-written on bad input
    except BadInput as exc:
        print(str(exc), file=sys.stderr)
        return 2
    out = sys.stdout
    out.write("timestamp,value,score,alarm\n")
    for ts, value, score, alarm in replay_series(rows, DEFAULT_PARAMS):
        v = int(value) if value.is_integer() else value
        out.write(f"{ts.strftime('%Y-%m-%dT%H:%M:%SZ')},{v},{score:.4f},{alarm}\n")
    return 0


def format_events(events: Iterable[SpikeEvent], json: bool = False) -> str:  # noqa: A002
    """Events as a German text table or as JSON lines (one object per event)."""
    evs = list(events)
    if json:
        return "\n".join(_json.dumps(_event_dict(e), ensure_ascii=False) for e in evs)
    if not evs:
        return "Keine Auffälligkeiten."
    lines = []
    for e in evs:
        end = e.end.strftime("%Y-%m-%d %H:%M") if e.end else "läuft"
        lines.append(
            f"{e.start.strftime('%Y-%m-%d %H:%M')} – {end}  Stufe {e.peak_level} "
            f"({LEVEL_NAMES[e.peak_level]}), jetzt {LEVEL_NAMES[e.level]}  {e.explanation}"
        )
    return "\n".join(lines)



def _event_dict(e: SpikeEvent) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "id": e.id, "scope_kind": e.scope_kind, "scope_key": e.scope_key,
        "scope_label": e.scope_label, "start": iso(e.start), "peak": iso(e.peak),
        "peak_level": e.peak_level, "level": e.level, "end": iso(e.end),
        "levels": [[iso(t), lv] for t, lv in e.levels], "explanation": e.explanation,
        "comment_ids": list(e.comment_ids),
        "series": [[iso(t), c, h] for t, c, h in e.series],
    }


def _berlin(value: object) -> str | None:
    """A stored UTC timestamp as ISO 8601 in Europe/Berlin (with its offset)."""
    from cm_tui.clock import BERLIN, parse_iso

    return parse_iso(str(value)).astimezone(BERLIN).isoformat(timespec="seconds") if value else None


def format_stored(spikes: Iterable[dict], json: bool = False) -> str:  # noqa: A002
    """Stored spike rows (``store.spike_rows.load_spikes``) as German text or as one JSON array."""
    from cm_tui.clock import berlin

    rows = list(spikes)
    if json:
        return _json.dumps([
            {
                "id": s["id"], "scope_kind": s["scope_kind"], "scope_key": s["scope_key"],
                "scope_label": s["scope_label"], "level": s["level"], "level_name": LEVEL_NAMES[int(s["level"])],
                "peak_level": s["peak_level"], "peak_level_name": LEVEL_NAMES[int(s["peak_level"])],
                "start": _berlin(s["start"]), "peak": _berlin(s["peak"]), "end": _berlin(s["end"]),
                "explanation": s["explanation"], "comments": len(s["comment_ids"]),
            }
            for s in rows
        ], ensure_ascii=False, indent=1)
    if not rows:
        return "Keine Auffälligkeiten."
    out = []
    for s in rows:
        peak, now = int(s["peak_level"]), int(s["level"])
        end = berlin(str(s["end"])) if s["end"] else "läuft"
        state = f", jetzt {LEVEL_NAMES[now]}" if s["end"] is None else ""
        out.append(
            f"{berlin(str(s['start']))} – {end}  Stufe {peak} ({LEVEL_NAMES[peak]}){state}  "
            f"{scope_phrase(str(s['scope_kind']), str(s['scope_label'] or s['scope_key']))}  "
            f"Höhepunkt {berlin(str(s['peak'])) if s['peak'] else '–'}\n    {s['explanation']}"
        )
    return "\n".join(out)


def _list(args: argparse.Namespace) -> int:
    from cm_tui.cli import db_path
    from cm_tui.store.spike_rows import load_spikes
    from cm_tui.store.db import open_store

    path = db_path(args)
    if not Path(path).exists():
        print(f"cm-tui: {path}: Datenbank nicht gefunden", file=sys.stderr)
        return 2
    store = open_store(path)
    try:
        rows = load_spikes(store, active_only=args.active)
    finally:
        store.close()
    print(format_stored(rows, json=args.json))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `spikes replay` and `spikes list` (and the `spikes` group) to the main parser."""
    spikes = subparsers.add_parser("spikes", help="Kommentarspitzen (Shitstorm-Erkennung)")
    sub = spikes.add_subparsers(dest="spikes_command", required=True)
    rp = sub.add_parser(
        "replay",
        help="Zählreihe (CSV timestamp,value) durch den Ratendetektor schicken",
        description="Schreibt timestamp,value,score,alarm nach stdout (Standardparameter).",
    )
    rp.add_argument("file", metavar="FILE.csv")
    rp.set_defaults(func=_replay)
    ls = sub.add_parser(
        "list",
        help="erkannte Kommentarspitzen aus der Datenbank zeigen",
        description="Zeigt die gespeicherten Spitzen (neueste zuerst), Zeiten in Europe/Berlin.",
    )
    ls.add_argument("--json", action="store_true", help="als JSON-Liste")
    ls.add_argument("--active", action="store_true", help="nur laufende Spitzen")
    ls.set_defaults(func=_list)
