"""Shared report helpers: time spans, atomic writes, safe JSON and Markdown."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cm_tui.reports.common import ReportError, atomic_open, json_dumps_safe, md_escape, parse_when, rule_lookup

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("8h", NOW - timedelta(hours=8)), ("30m", NOW - timedelta(minutes=30)), ("2d", NOW - timedelta(days=2)),
    ("2t", NOW - timedelta(days=2)), ("1w", NOW - timedelta(weeks=1)),
    ("2026-11-20", datetime(2026, 11, 19, 23, 0, tzinfo=UTC)),
    ("2026-11-23T04:00:00Z", datetime(2026, 11, 23, 4, 0, tzinfo=UTC)),
])
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


def test_parse_when_rejects() -> None:
    with pytest.raises(ReportError, match="nicht verstanden"):
        parse_when("gestern", NOW)


def test_atomic_open_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("alt", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("halb")
            raise RuntimeError("abgebrochen")
    assert target.read_text(encoding="utf-8") == "alt" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with atomic_open(target) as fh:
        fh.write("neu")
    assert target.read_text(encoding="utf-8") == "neu"


def test_json_and_markdown_are_terminal_safe() -> None:
    hostile = "Straße \u202eevil\u202c \x9b2J \x1b[31m"
    text = json_dumps_safe({"t": hostile})
    assert "\u202e" not in text and "\x9b" not in text and "\x1b" not in text and "Straße" in text
    assert json.loads(text)["t"] == hostile
    assert md_escape("[x](javascript:1) <b>*") == "\\[x\\]\\(javascript:1\\) \\<b\\>\\*"


def test_rule_lookup_falls_back_to_the_id() -> None:
    lookup = rule_lookup()
    assert lookup("R99-unknown").title == "R99-unknown"
    assert lookup("R05").title not in ("", "R05")
