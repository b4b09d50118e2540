"""``python -m netiquette``: check, explain, lint and eval from the shell.

Bad input ends with one line naming the file and the reason, and exit code 2; no tracebacks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .evaluate import DataError, read_labelled, scores
from .model import Result, RuleError
from .ruleset import RuleSet, load_ruleset

_UNDERLINE, _RESET = "\x1b[4m", "\x1b[0m"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m netiquette",
                                 description="Netiquette-Prüfung für Kommentare")
    sub = ap.add_subparsers(dest="cmd", required=True)
    check = sub.add_parser("check", help="Kommentare von stdin prüfen (eine Zeile je Kommentar)")
    check.add_argument("--rules", nargs="+", type=Path, default=[], metavar="DATEI")
    check.add_argument("--jsonl", action="store_true",
                       help="jede Eingabezeile ist ein JSON-Objekt mit 'text' und optional 'id'")
    explain = sub.add_parser("explain", help="einen Text prüfen und für Menschen erklären")
    explain.add_argument("text")
    explain.add_argument("--rules", nargs="+", type=Path, default=[], metavar="DATEI")
    lint = sub.add_parser("lint", help="Regel- und Vorlagendateien prüfen")
    lint.add_argument("files", nargs="+", type=Path)
    ev = sub.add_parser("eval", help="flagged gegen GermEval-TSV messen")
    ev.add_argument("file", type=Path)
    ev.add_argument("--rules", nargs="+", type=Path, default=[], metavar="DATEI")
    return ap


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    inp, out = stdin or sys.stdin, stdout or sys.stdout
    try:
        if args.cmd == "lint":
            return _lint(args.files, out)
        rs = load_ruleset(args.rules)
        if args.cmd == "check":
            return _check(rs, inp, out, args.jsonl)
        if args.cmd == "explain":
            return _explain(rs, args.text, out)
        return _eval(rs, args.file, out)
    except RuleError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _check(rs: RuleSet, inp: TextIO, out: TextIO, jsonl: bool) -> int:
    for no, line in enumerate(inp, 1):
        line = line.rstrip("\r\n")
        obj: dict = {"line": no}
        text: str | None = line
        if jsonl or line.lstrip().startswith("{"):
            text = None
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                obj["error"] = f"Zeile {no}: ungültiges JSON ({exc.msg}, Spalte {exc.colno})"
            else:
                if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                    obj["error"] = f"Zeile {no}: JSON-Objekt mit Feld 'text' (Text) erwartet"
                else:
                    text = data["text"]
                    if "id" in data:
                        obj["id"] = data["id"]
        if text is None:
            obj.update({"flagged": False, "priority": 0, "findings": [], "templates": []})
        else:
            obj.update(rs.check(text).to_dict())
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def highlight(text: str, spans: Sequence[tuple[int, int]], tty: bool) -> str:
    """Mark ``spans`` of ``text``: ANSI underline on a terminal, [brackets] otherwise."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    opened, closed = (_UNDERLINE, _RESET) if tty else ("[", "]")
    parts, pos = [], 0
    for s, e in merged:
        parts += [_safe(text[pos:s]), opened, _safe(text[s:e]), closed]
        pos = e
    parts.append(_safe(text[pos:]))
    return "".join(parts)


def _safe(s: str) -> str:
    # Comment text is data: never let it drive the terminal.
    return "".join(c if c.isprintable() or c == " " else f"\\x{ord(c):02x}" for c in s)


def _explain(rs: RuleSet, text: str, out: TextIO) -> int:
    tty = out.isatty()
    res: Result = rs.check(text)
    spans = [s for f in res.findings for s in f.spans]
    out.write(highlight(text, spans, tty) + "\n")
    verdict = "MARKIERT" if res.flagged else "unauffällig"
    out.write(f"Ergebnis: {verdict} (Priorität {res.priority}/100)\n")
    for f in res.findings:
        out.write(f"  {f.rule_id} [{f.severity}] {f.title}\n")
        out.write(f"      Warum: {_safe(f.why)}\n")
        if f.matched:
            out.write("      Fundstellen: " + ", ".join(
                f"{s}–{e} „{_safe(m)}“" for (s, e), m in zip(f.spans, f.matched)) + "\n")
        out.write(f"      Vorschlag: {f.action}\n")
    if res.templates:
        out.write("Antwortvorlagen: " + ", ".join(
            f"{tid} {rs.templates[tid].title} ({score:.2f})" for tid, score in res.templates) + "\n")
    return 0


def _lint(files: Sequence[Path], out: TextIO) -> int:
    try:
        rs = load_ruleset(files)
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return 2
    out.write(f"OK: {len(rs.rules)} Regeln, {len(rs.templates)} Vorlagen "
              f"(Version {rs.version})\n")
    return 0


def _eval(rs: RuleSet, path: Path, out: TextIO) -> int:
    rows = read_labelled(path)
    pred = [rs.check(text).flagged for text, _ in rows]
    s = scores(pred, [gold for _, gold in rows])
    out.write(f"Datei: {path} ({s['n']} Kommentare)\n")
    out.write(f"Precision: {s['precision']:.4f}\nRecall: {s['recall']:.4f}\n"
              f"F1 (OFFENSE): {s['f1']:.4f}\nF1 (OTHER): {s['f1_other']:.4f}\n"
              f"Macro-F1: {s['macro_f1']:.4f}\nAccuracy: {s['accuracy']:.4f}\n")
    return 0
