"""Evidence package, statement of reasons and audit export on the fixed scenario."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from cm_tui.reports import audit
from cm_tui.reports.common import ReportError, RuleInfo, resolve_comment
from cm_tui.reports.evidence import content_hash
from cm_tui.reports.evidence_package import write_package
from cm_tui.reports.reason import build_reason, render_reason
from cm_tui.store import log

_spec = importlib.util.spec_from_file_location("scenario", Path(__file__).with_name("scenario.py"))
sc = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(sc)  # type: ignore[union-attr]
RULES = {"R05": RuleInfo("R05", "Beleidigung", "Beleidigungen werden nicht geduldet."),
         "R13": RuleInfo("R13", "Spam", "Werbung und Spam werden entfernt.")}
LINKS = {"contact_email": "social@stadt.example", "netiquette_url": "https://stadt.example/netiquette"}


def lookup(rule_id: str) -> RuleInfo:
    return RULES.get(rule_id, RuleInfo(rule_id, rule_id, ""))


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = sc.build_shift_a(tmp_path / "x.db")
    yield s
    s.close()


def test_resolve_comment(store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    assert resolve_comment(store, "facebook:c2") == ids["c2"] == resolve_comment(store, str(ids["c2"]))
    for bad in ("facebook:nope", "999", "c2"):
        with pytest.raises(ReportError):
            resolve_comment(store, bad)


def test_evidence_uses_the_snapshot_from_escalation(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    # the platform text changes after the escalation; the package must keep the captured one
    with store.lock:
        store.conn.execute("UPDATE comments SET text='(bearbeitet)' WHERE id=?", (ids["c2"],))
    before = len(log.entries_for(store, ids["c2"]))
    md, js = write_package(store, ids["c2"], tmp_path, user="anna", now=sc.NOW)
    assert len(log.entries_for(store, ids["c2"])) == before  # no new capture
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["text"] == "Ich weiß, wo du wohnst."
    assert data["sha256"] == content_hash(data["snapshot"]) and data["sha256_verified"] is True
    assert data["captured_at"] == {"utc": "2026-11-23 05:10:00 UTC", "berlin": "23.11.2026 06:10:00 CET"}
    assert data["first_seen_by_city"]["utc"] == "2026-11-23 04:30:00 UTC"
    assert data["complaint_deadline"] == "2027-02-23"
    assert data["author"] == {"name_as_exported": "Max Muster", "id_as_exported": "m1"}
    assert data["permalink"] == "https://fb.example/p1?c=c2" and data["post"]["text"] == "Baustelle Hauptstraße"
    assert [e["action"] for e in data["log"]] == ["evidence", "escalate"]
    assert "snapshot" not in data["log"][0]["data"]
    assert {c["native_id"] for c in data["thread_context"]} >= {"c1", "c3"}
    text = md.read_text(encoding="utf-8")
    assert "Ich weiß, wo du wohnst." in text and data["sha256"] in text and "23.02.2027" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_evidence_captures_now_when_missing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    md, js = write_package(store, ids["c1"], tmp_path, user="anna", now=sc.NOW)
    trail = log.entries_for(store, ids["c1"])
    assert trail[-1].action == "evidence" and trail[-1].at == "2026-11-23T12:00:00.000000Z"
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["evidence_log_entry"] == trail[-1].id and data["text"] == sc.HOSTILE
    text = md.read_text(encoding="utf-8")
    assert "\x1b" not in text and "[bold red]x[/]" in text  # inside a code fence, cleaned
    assert "\\<script\\>" in text or "<script>" not in text.split("## Umgebender")[-1]


def test_reason_for_hidden_comment(store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    s = build_reason(store, ids["c1"], city="Stadt Musterstadt", links=LINKS, rules=lookup)
    assert (s.action, s.facts, s.decided_at) == ("hide", "Beleidigung eines Mitarbeiters", "2026-11-23T05:00:00.000000Z")
    assert s.rules == (RULES["R05"],) and s.contact_email == "social@stadt.example"
    text = render_reason(s, "md")
    for expected in ("ausgeblendet", "23.11.2026 06:00", "Regel R05 – Beleidigung", "Beleidigungen werden nicht geduldet.",
                     "Beleidigung eines Mitarbeiters", "social@stadt.example", "überprüft"):
        assert expected in text
    assert "anna" not in text  # the team, not the person
    assert "\x1b" not in text and "\\<script\\>" in text
    plain = render_reason(s, "txt")
    assert "<script>" in plain and "\x1b" not in plain


def test_reason_refuses_other_states(store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    for name, state in (("c2", "escalated"), ("c3", "approved"), ("c5", "open")):
        with pytest.raises(ReportError, match=state):
            build_reason(store, ids[name], city="X", links={}, rules=lookup)


def test_reason_for_deleted_and_blocked(store) -> None:  # type: ignore[no-untyped-def]
    ids = sc.ids(store)
    assert build_reason(store, ids["c4"], city="X", links={}, rules=lookup).action == "delete"
    log.append(store, "anna", "block", [ids["c5"]], rules=["R05"], data={"until": "2027-05-23T00:00:00Z"}, now=sc.NOW)
    s = build_reason(store, ids["c5"], city="X", links={}, rules=lookup)
    assert s.action == "block" and "gesperrt" in render_reason(s)
    assert "23.05.2027" in render_reason(s)


def test_audit_rows_stream_and_cite_rules(store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit, "BATCH", 3)  # several batches even on a small log
    rows = list(audit.iter_rows(store, rules=lookup))
    assert [r["log_id"] for r in rows] == list(range(1, 14))
    hide = next(r for r in rows if r["aktion"] == "hide")
    assert hide["regeln"] == ["R05"] and hide["regel_titel"] == ["Beleidigung"]
    assert hide["regel_klauseln"] == ["Beleidigungen werden nicht geduldet."]
    assert (hide["plattform"], hide["native_id"], hide["autor_name"], hide["autor_id"]) == ("facebook", "c1", "Max Muster", "m1")
    assert hide["kommentar_text"] == sc.HOSTILE and hide["zeit_berlin"] == "23.11.2026 06:00"
    window = list(audit.iter_rows(store, since="2026-11-23T05:00:00Z", until="2026-11-23T05:30:00Z", rules=lookup))
    assert [r["aktion"] for r in window] == ["hide", "evidence", "escalate", "approve"]


def test_audit_writers(store) -> None:  # type: ignore[no-untyped-def]
    buf = io.StringIO()
    assert audit.write_csv(audit.iter_rows(store, rules=lookup), buf) == 13
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    hide = next(r for r in rows if r["aktion"] == "hide")
    assert "\x1b" not in hide["kommentar_text"] and hide["regel_titel"] == "Beleidigung"
    out = io.StringIO()
    assert audit.write_jsonl(audit.iter_rows(store, rules=lookup), out) == 13
    lines = out.getvalue().splitlines()
    assert json.loads(lines[3])["kommentar_text"] == sc.HOSTILE  # exact, escapes JSON-encoded
    assert "\x1b" not in out.getvalue()
