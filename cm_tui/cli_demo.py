"""``cm-tui demo generate``: write N synthetic comments in any supported export shape.

The main CLI calls :func:`register` with its subparsers object; the handler returns an exit code
(0 ok, 2 bad arguments, 1 internal failure) and reports errors as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cm_tui.demo.generate import FORMATS, generate, write_channel_map


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``demo generate --comments N --format FMT --out FILE [--seed S]``."""
    demo = subparsers.add_parser("demo", help="Demo-Daten erzeugen (Lasttest)")
    demo_sub = demo.add_subparsers(dest="demo_command", metavar="generate")
    gen = demo_sub.add_parser(
        "generate",
        help="N synthetische Kommentare in einem Exportformat schreiben",
        description="Streams N synthetic German comments into one file in the chosen export shape.",
    )
    gen.add_argument("--comments", "-n", required=True, metavar="N", help="Anzahl Kommentare (z. B. 1000000)")
    gen.add_argument("--format", "-f", required=True, metavar="FMT", help="eines von: " + ", ".join(FORMATS))
    gen.add_argument("--out", "-o", required=True, metavar="FILE", help="Zieldatei")
    gen.add_argument("--seed", default="1", metavar="S", help="Zufalls-Seed (Standard 1)")
    gen.add_argument("--channels", metavar="FILE", type=Path,
                     help="dazu die channels.toml der erzeugten Konten schreiben (für cm-tui import --channels)")
    gen.set_defaults(func=handler)
    demo.set_defaults(func=lambda args: _usage(demo))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return 2


def _fail(message: str, code: int = 2) -> int:
    print(f"cm-tui demo generate: {message}", file=sys.stderr)
    return code


def handler(args: argparse.Namespace) -> int:
    """Validate, generate, print one summary line; return the exit code."""
    try:
        n = int(str(args.comments).replace("_", ""))
    except ValueError:
        return _fail(f"--comments: keine ganze Zahl: {args.comments!r}")
    if n < 0:
        return _fail("--comments darf nicht negativ sein")
    fmt = str(args.format).lower()
    if fmt not in FORMATS:
        return _fail(f"--format: unbekannt {args.format!r} (erlaubt: {', '.join(FORMATS)})")
    try:
        seed = int(args.seed)
    except ValueError:
        return _fail(f"--seed: keine ganze Zahl: {args.seed!r}")
    out = Path(args.out)
    if not out.parent.is_dir():
        return _fail(f"{out}: Verzeichnis {out.parent} existiert nicht")
    if out.is_dir():
        return _fail(f"{out}: ist ein Verzeichnis")
    channels: Path | None = args.channels
    if channels is not None and (not channels.parent.is_dir() or channels.is_dir()):
        return _fail(f"{channels}: kein schreibbarer Dateipfad")
    started = time.perf_counter()
    try:
        generate(n, fmt, out, seed=seed)
        if channels is not None:
            write_channel_map(channels)
    except OSError as exc:
        return _fail(f"{exc.filename or out}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one line, exit 1, for anything unexpected
        return _fail(f"{out}: interner Fehler: {exc}", 1)
    seconds = time.perf_counter() - started
    rate = n / seconds if seconds > 0 else 0.0
    print(f"{n} Kommentare ({fmt}) -> {out} in {seconds:.1f} s ({rate:,.0f}/s)", file=sys.stderr)
    return 0
