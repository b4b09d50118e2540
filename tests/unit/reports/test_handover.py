"""The handover builder on a fixed log with a fixed clock: every number, and the renderers."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date
from pathlib import Path

import pytest

from cm_tui.reports.common import add_months, complaint_deadline
from cm_tui.reports.handover import build_handover, close_shift, last_handover, since_last_close
from cm_tui.reports.render_handover import render, to_csv, to_html, to_json, to_markdown

_spec = importlib.util.spec_from_file_location("scenario", Path(__file__).with_name("scenario.py"))
sc = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(sc)  # type: ignore[union-attr]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = sc.build_shift_a(tmp_path / "x.db", close=False)
    yield s
    s.close()


@pytest.fixture
def report(store):  # type: ignore[no-untyped-def]
    return build_handover(store, since=sc.SINCE, now=sc.NOW, note="Rückruf Polizei abwarten.")


def test_counts(report) -> None:  # type: ignore[no-untyped-def]
    assert report.since == "2026-11-23T04:00:00.000000Z" and report.until == "2026-11-23T12:00:00.000000Z"
    # hide c1, evidence+escalate c2, approve c3, delete c4, note c3, spike_ack; hide c5 was undone
    assert report.entries == 7
    assert report.undone == 1
    assert dict(report.by_action) == {"hide": 1, "escalate": 1, "evidence": 1, "approve": 1, "delete": 1,
                                      "note": 1, "spike_ack": 1}
    assert report.by_rule == (("R01", 1), ("R05", 1), ("R13", 1))
    assert report.by_channel == (("Stadt Musterstadt", 3), ("Feuerwehr Musterstadt", 1))
    assert report.by_user == (("anna", 7),)
    assert report.comments_seen == 6  # c1–c6 imported at 04:30; c7 in August
    assert report.queue_open == 2  # c5 (hide undone) and c6


def test_open_cases_with_deadlines(report, store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    cases = {c.comment_id: c for c in report.open_cases}
    assert list(cases) == [ids["c7"], ids["c2"]]  # earliest deadline first
    old, new = cases[ids["c7"]], cases[ids["c2"]]
    assert (old.state, old.decided_by, old.rules, old.reason) == ("reported", "ben", ("R05",), "Formalbeleidigung")
    assert old.first_seen_at == "2026-08-31T10:00:00.000000Z"
    assert old.deadline == "2026-11-30" and old.days_left == 7  # 31 Aug + 3 months → 30 Nov
    assert (new.state, new.target, new.decided_by, new.rules) == ("escalated", "polizei", "anna", ("R01",))
    assert new.deadline == "2027-02-23" and new.days_left == 92
    assert new.channel == "Stadt Musterstadt" and new.author_name == "Max Muster"


def test_spikes_authors_claims_notes(report, store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    assert [(s.id, s.peak_level, s.end is None, s.status) for s in report.spikes] == [
        ("s-live", 2, True, "bestätigt von anna"), ("s-ended", 1, False, None)]
    assert report.spikes[0].explanation.startswith("Dreifaches")
    assert len(report.repeat_authors) == 1
    max_ = report.repeat_authors[0]
    assert (max_.author_name, max_.author_id, max_.decisions, max_.comments) == ("Max Muster", "m1", 2, 2)
    assert dict(max_.actions) == {"hide": 1, "escalate": 1}
    # c3 is claimed too, but approved: finished
    assert [(c.comment_id, c.user) for c in report.claims] == [(ids["c6"], "anna")]
    assert report.previous_note is not None
    assert (report.previous_note.user, report.previous_note.note) == ("ben", "Nachtschicht ruhig.")
    assert report.note == "Rückruf Polizei abwarten."


def test_a_later_decision_closes_a_case(store) -> None:  # type: ignore[no-untyped-def]
    from cm_tui.store import log

    ids = sc.ids(store)
    log.append(store, "anna", "hide", [ids["c2"]], rules=["R01"], now=sc.at(7))
    report = build_handover(store, since=sc.SINCE, now=sc.NOW)
    assert [c.comment_id for c in report.open_cases] == [ids["c7"]]
    # …and as of a time before that decision it was still open
    earlier = build_handover(store, since=sc.SINCE, now=sc.at(6, 30))
    assert {c.comment_id for c in earlier.open_cases} == {ids["c7"], ids["c2"]}


def test_close_shift_starts_the_next_period(store) -> None:  # type: ignore[no-untyped-def]
    assert since_last_close(store, sc.NOW) == sc.at(3, 55)
    entry = close_shift(store, "anna", "  Übergabe A  ", since=sc.SINCE, now=sc.CLOSE_A)
    last = last_handover(store)
    assert last is not None and last.id == entry and last.note == "Übergabe A" and last.data["since"] == sc.SINCE.isoformat().replace("+00:00", ".000000Z")
    assert since_last_close(store, sc.NOW) == sc.CLOSE_A
    b = build_handover(store, since=sc.CLOSE_A, now=sc.NOW)
    assert b.entries == 0 and b.by_action == () and b.previous_note.note == "Übergabe A"  # type: ignore[union-attr]
    assert len(b.open_cases) == 2 and len(b.claims) == 1


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)), (date(2026, 5, 15), 3, date(2026, 8, 15)),
])
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_deadline_uses_the_berlin_day() -> None:
    # 23:30 UTC on 31 Jan is already 1 Feb in Berlin
    assert complaint_deadline("2026-01-31T23:30:00Z") == date(2026, 5, 1)


def test_renderers_escape_hostile_text(report) -> None:  # type: ignore[no-untyped-def]
    hostile = report.__class__(**{**{f: getattr(report, f) for f in report.__dataclass_fields__},
                                  "note": "<b>x</b> [red]y[/] \x1b[2J =SUM(A1)"})
    md, page = to_markdown(hostile), to_html(hostile)
    assert "\x1b" not in md and "\x1b" not in page
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert "\\<b\\>" in md
    rows = list(csv.reader(io.StringIO(to_csv(hostile))))
    assert ["notiz", "", "", "", "", "", "", "", "", "", "'<b>x</b> [red]y[/]  =SUM(A1)"] != rows[-1]
    assert rows[-1][0] == "notiz" and "\x1b" not in rows[-1][-1]
    data = json.loads(to_json(hostile))
    assert data["entries"] == 7 and data["open_cases"][0]["deadline"] == "2026-11-30"


def test_csv_has_every_number(report) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    sums = {r["schluessel"]: int(r["anzahl"]) for r in rows if r["abschnitt"] == "summe"}
    assert sums == {"eintraege": 7, "rueckgaengig": 1, "neue_kommentare": 6, "offen_in_warteschlange": 2}
    assert {r["schluessel"]: int(r["anzahl"]) for r in rows if r["abschnitt"] == "regel"} == {"R01": 1, "R05": 1, "R13": 1}
    assert [r["frist"] for r in rows if r["abschnitt"] == "offener_fall"] == ["2026-11-30", "2027-02-23"]


def test_markdown_sections(report) -> None:  # type: ignore[no-untyped-def]
    md = to_markdown(report)
    for heading in ("## Übergabenotiz", "## Vorherige Übergabe", "## Offene Eskalationen und Strafanzeigen",
                    "## Nach Regel", "## Lagen (Shitstorm-Frühwarnung)", "## In Bearbeitung, nicht abgeschlossen"):
        assert heading in md
    assert "Strafantragsfrist bis 30.11.2026 (noch 7 Tag(e))" in md
    assert "> Rückruf Polizei abwarten." in md


def test_a_post_missing_a_page_is_handed_over(store) -> None:  # type: ignore[no-untyped-def]
    """A post whose comments arrived in the period and whose export announced 40 more than came."""
    from cm_tui.model import Comment, Post
    from cm_tui.store.ingest import import_records

    records = [Post(platform="facebook", post_id="9_5", text="Radweg Hauptstraße", comment_total=60),
               *[Comment(platform="facebook", comment_id=f"g{i}", post_id="9_5", text="Seite 1", created_at="2026-11-23T04:00:00Z")
                 for i in range(20)]]
    import_records(store, Path("p1.json"), "test", iter(records), sha256="p1", now=sc.at(5))
    report = build_handover(store, since=sc.SINCE, now=sc.NOW)
    assert [(g.post_id, g.have, g.announced) for g in report.gaps] == [("9_5", 20, 60)]
    assert "Beitrag ‚Radweg Hauptstraße': 20 von 60 Kommentaren importiert" in to_markdown(report)
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [(r["schluessel"], r["anzahl"]) for r in rows if r["abschnitt"] == "luecke"] == [("9_5", "40")]
    assert json.loads(to_json(report))["gaps"][0]["announced"] == 60
    assert build_handover(store, since=sc.at(6), now=sc.NOW).gaps == ()  # not this period's post
