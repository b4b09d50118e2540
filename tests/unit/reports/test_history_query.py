"""The history filter language and paged SQL over the log (both ends, keyset, filters)."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cm_tui.model import DECISIONS
from cm_tui.reports import history
from cm_tui.reports.history import HistoryFilter, HistoryQueryError, parse_history_query

_spec = importlib.util.spec_from_file_location("scenario", Path(__file__).with_name("scenario.py"))
sc = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(sc)  # type: ignore[union-attr]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_parse_full_pattern() -> None:
    f = parse_history_query(
        'user:anna action:hide,delete rule:r05 channel:Feuerwehr author:"Max M" since:8h comment:123 Spam',
        now=NOW,
    )
    assert f == HistoryFilter(users=("anna",), actions=("hide", "delete"), rules=("R05",), channel="Feuerwehr",
                              author="Max M", comment="123", since="2026-11-23T04:00:00.000000Z", words=("Spam",))


def test_parse_aliases_and_me() -> None:
    f = parse_history_query("person:ich aktion:ausblenden,entscheidung seit:2026-11-20 kommentar:facebook:1_2",
                            now=NOW, user="anna")
    assert f.users == ("anna",)
    assert f.actions[0] == "hide" and set(DECISIONS) <= set(f.actions)
    assert f.since == "2026-11-19T23:00:00.000000Z"  # a date is midnight in Berlin
    assert f.comment == "facebook:1_2"


@pytest.mark.parametrize("bad", ["action:fliegen", "since:gestern", "comment:abc", "user:", "comment:²", "comment:" + "9" * 30])
def test_parse_errors_are_one_line(bad: str) -> None:
    with pytest.raises(HistoryQueryError) as exc:
        parse_history_query(bad, now=NOW)
    assert "\n" not in str(exc.value)


def test_empty_pattern_is_everything() -> None:
    assert parse_history_query("  ", now=NOW) == HistoryFilter()
    assert history.describe(HistoryFilter()) == "alle Einträge"


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = sc.build_shift_a(tmp_path / "x.db")
    yield s
    s.close()


def test_filters_against_the_scenario(store) -> None:  # type: ignore[no-untyped-def]
    def actions(q: str) -> list[str]:
        f = parse_history_query(q, now=NOW)
        rows = history.fetch_page(store, f, 0, 100)
        assert history.count(store, f) == len(rows)
        return [r.entry.action for r in rows]

    assert actions("") == ["shift_close", "spike_ack", "note", "undo", "hide", "delete", "approve", "escalate",
                           "evidence", "hide", "shift_close", "report", "evidence"]
    assert actions("user:ben") == ["shift_close", "report", "evidence"]
    assert actions("action:hide rule:R05") == ["hide", "hide"]
    assert actions("channel:Feuerwehr") == ["delete"]
    assert actions("author:Max") == ["escalate", "evidence", "hide"]
    assert actions("comment:facebook:c2") == ["escalate", "evidence"]
    assert actions("since:2026-11-23T05:30:00Z until:2026-11-23T06:00:00Z") == ["note", "undo", "hide", "delete"]
    assert actions("Tiefbauamt") == ["note"]
    assert actions("rule:R99") == []


def test_paging_from_both_ends_and_keyset_agree(store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(history, "NEAR", 0)  # count from the end even on this small log
    f = HistoryFilter()
    total = history.count(store, f)
    every = [r.entry.id for r in history.fetch_page(store, f, 0, 100)]
    assert every == sorted(every, reverse=True) and len(every) == total == 13
    for offset in range(0, total, 5):
        by_offset = [r.entry.id for r in history.fetch_page(store, f, offset, 5)]
        from_end = [r.entry.id for r in history.fetch_page(store, f, offset, 5, total=total)]
        assert by_offset == from_end == every[offset:offset + 5]
        if offset:
            above = every[offset - 1]
            assert [r.entry.id for r in history.fetch_page(store, f, offset, 5, before_id=above)] == by_offset
        if offset + 5 < total:
            below = every[offset + 5]
            assert [r.entry.id for r in history.fetch_page(store, f, offset, 5, after_id=below)] == by_offset


def test_rows_carry_comment_fields(store) -> None:  # type: ignore[no-untyped-def]
    rows = history.fetch_page(store, parse_history_query("action:delete", now=NOW), 0, 10)
    assert rows[0].channel == "Feuerwehr Musterstadt" and rows[0].author_name == "bot99"
    assert rows[0].entry.rules == ("R13",) and rows[0].entry.reason == "Spam"


def test_spike_entries_are_named_for_people() -> None:
    from cm_tui.model import LogEntry
    from cm_tui.reports.history import HistoryRow

    def row(data: dict[str, object], joined: str | None = None) -> HistoryRow:
        entry = LogEntry(id=1, at="2026-11-23T06:05:00.000000Z", user="anna", action="spike_ack",
                         comment=None, data=data)
        return HistoryRow(entry, spike_label=joined)

    sid = "post:facebook:p1:2026-11-22T16:35:00+00:00"
    full = {"spike": sid, "level": 4, "label": "Beitrag ‚Radweg'", "start": "2026-11-22T16:35:00+00:00"}
    assert row(full).spike_text() == "Beitrag ‚Radweg' · Krise · ab 22.11.2026 17:35"
    assert row({"spike": sid, "level": 2}, "Baustelle").spike_text() == "Baustelle · erhöhte Lage"
    assert row({"spike": sid}).spike_text() == sid  # spike gone, nothing stored: the id
