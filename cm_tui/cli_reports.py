"""`cm-tui handover`, `cm-tui log export`, `cm-tui evidence`, `cm-tui reason`: the report
subcommands. Argument parsing lives here; the builders and renderers live in ``cm_tui/reports``."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the report subcommands to the main parser (``func`` is set on each)."""
    p = subparsers.add_parser("handover", help="Schichtübergabe: Bericht anzeigen und Schicht schließen")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--since", default=None, help="Zeitraum, z. B. 8h, 2d, 30m oder ISO-Zeitpunkt (Standard: 8h)")
    g.add_argument("--since-last", action="store_true", help="seit der letzten Schichtübergabe")
    p.add_argument("--until", default=None, help="Stichzeitpunkt des Berichts (Standard: jetzt)")
    p.add_argument("--format", choices=("md", "html", "csv", "json"), default="md")
    p.add_argument("--out", default=None, help="in Datei schreiben statt auf die Standardausgabe")
    p.add_argument("--close", action="store_true", help="Schicht schließen (schreibt einen Protokolleintrag)")
    p.add_argument("--note", default=None, help="Übergabenotiz für die nächste Schicht (mit --close)")
    p.set_defaults(func=_handover)

    p = subparsers.add_parser("log", help="Protokoll exportieren")
    lsub = p.add_subparsers(dest="log_command", metavar="BEFEHL")
    e = lsub.add_parser("export", help="Protokoll mit Kommentaren und Regeln exportieren (Akte, DSGVO-Auskunft, Gericht)")
    e.add_argument("--since", default=None, help="ab (z. B. 7d oder 2025-01-01)")
    e.add_argument("--until", default=None, help="bis (ausschließlich)")
    e.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    e.add_argument("--out", default=None, help="Zieldatei (Standard: Standardausgabe)")
    e.set_defaults(func=_log_export)
    p.set_defaults(func=_log_help(p))

    p = subparsers.add_parser("evidence", help="Beweispaket (Markdown + JSON) für einen Kommentar schreiben")
    p.add_argument("comment", metavar="KOMMENTAR", help="Store-Id oder plattform:native_id")
    p.add_argument("--out", default=".", help="Zielordner (Standard: aktueller Ordner)")
    p.set_defaults(func=_evidence)

    p = subparsers.add_parser("reason", help="Begründung für eine Moderationsentscheidung (für die Verfasserin/den Verfasser)")
    p.add_argument("comment", metavar="KOMMENTAR", help="Store-Id oder plattform:native_id")
    p.add_argument("--format", choices=("md", "txt"), default="md")
    p.set_defaults(func=_reason)


def _log_help(parser: argparse.ArgumentParser):
    def show(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show


def _handover(args: argparse.Namespace) -> int:
    from cm_tui.reports.commands import handover_command

    return handover_command(args)


def _log_export(args: argparse.Namespace) -> int:
    from cm_tui.reports.commands import log_export_command

    return log_export_command(args)


def _evidence(args: argparse.Namespace) -> int:
    from cm_tui.reports.commands import evidence_command

    return evidence_command(args)


def _reason(args: argparse.Namespace) -> int:
    from cm_tui.reports.commands import reason_command

    return reason_command(args)
