"""Helpers shared by the report builders: time spans, comment references, rule titles and
writing files atomically (a temp name in the target folder, then a rename)."""

from __future__ import annotations

import calendar
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from cm_tui import clock
from cm_tui.clock import BERLIN, parse_iso
from cm_tui.safe_text import plain_int
from cm_tui.store.db import Store


class ReportError(Exception):
    """Bad input for a report (unknown comment, unreadable time span …); one line for people."""


def parse_span(value: str) -> timedelta:
    """See :func:`cm_tui.clock.parse_span`; bad input is a :class:`ReportError` here."""
    try:
        return clock.parse_span(value)
    except clock.TimeSpecError as exc:
        raise ReportError(str(exc)) from None


def parse_when(value: str, now: datetime) -> datetime:
    """See :func:`cm_tui.clock.parse_when`; bad input is a :class:`ReportError` here."""
    try:
        return clock.parse_when(value, now)
    except clock.TimeSpecError as exc:
        raise ReportError(str(exc)) from None


def add_months(day: date, months: int) -> date:
    """Calendar months; the day is clamped to the month's end (31 Jan + 1 month = 28/29 Feb),
    as § 188 (3) BGB counts periods."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def complaint_deadline(first_seen_at: str) -> date:
    """Last day to file a criminal complaint (Strafantrag, § 77b StGB: three months from the day
    the city learned of the act — the day the comment was first seen, in Berlin time)."""
    return add_months(parse_iso(first_seen_at).astimezone(BERLIN).date(), 3)


def resolve_comment(store: Store, ref: str) -> int:
    """A store id (``123``) or ``platform:native_id`` → the comment's store id."""
    ref = ref.strip()
    with store.lock:
        if (n := plain_int(ref)) is not None:
            row = store.conn.execute("SELECT id FROM comments WHERE id=?", (n,)).fetchone()
        elif ":" in ref:
            platform, native = ref.split(":", 1)
            row = store.conn.execute(
                "SELECT id FROM comments WHERE platform=? AND native_id=?", (platform.lower(), native)
            ).fetchone()
        else:
            raise ReportError(f"Kommentar {ref!r}: erwartet eine Id (123) oder plattform:native_id (facebook:1234_5678)")
    if row is None:
        raise ReportError(f"Kommentar {ref!r}: nicht in der Datenbank")
    return int(row[0])


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    title: str
    clause: str


def rule_lookup() -> Callable[[str], RuleInfo]:
    """Title and clause of a rule id from the netiquette rule set; the id itself if unknown
    (or if the rule set cannot be loaded)."""
    try:
        import netiquette

        rules = netiquette.load_ruleset().rules
    except Exception:  # the rule set is optional for reports; ids stay meaningful
        rules = {}

    def lookup(rule_id: str) -> RuleInfo:
        rule = rules.get(rule_id)
        if rule is None:
            return RuleInfo(rule_id, rule_id, "")
        return RuleInfo(rule_id, str(getattr(rule, "title", rule_id) or rule_id), str(getattr(rule, "clause", "") or ""))

    return lookup


@contextmanager
def atomic_open(path: Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:  # type: ignore[type-arg]
    """Write to a temp file beside ``path`` and rename it into place only on success."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding if "b" not in mode else None, newline=newline) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)


_MD = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
# Characters JSON leaves raw with ensure_ascii=False that still trouble terminals: C1 controls,
# bidi overrides, line/paragraph separators. Escaped as \uXXXX, the JSON stays exact.
_JSON_RISKY = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def md_escape(text: str | None, width: int | None = None) -> str:
    """One line of user data, safe inside Markdown (no markup, no raw HTML, no escapes)."""
    from cm_tui.safe_text import one_line

    return _MD.sub(r"\\\1", one_line(text, width))


def json_dumps_safe(value: object, **kwargs: object) -> str:
    """``json.dumps`` with German letters readable but terminal-unsafe characters escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, **kwargs)  # type: ignore[arg-type]
    return _JSON_RISKY.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
