"""A fixed log for the report tests: two shifts' worth of triage on seven comments.

Loaded by file path from other test folders (pytest runs with --import-mode=importlib)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cm_tui.model import Comment, Post
from cm_tui.store import claims, log
from cm_tui.store.db import Store, open_store
from cm_tui.store.ingest import import_records
from cm_tui.triage import decide

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SINCE = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 8h before NOW
CLOSE_A = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
HOSTILE = "Du bist ein Idiot [bold red]x[/] \x1b[2J <script>alert(1)</script> =cmd"


def at(h: int, m: int = 0, day: int = 23, month: int = 11) -> datetime:
    return datetime(2026, month, day, h, m, tzinfo=UTC)


def comments() -> list[Comment | Post]:
    fb = dict(platform="facebook", post_id="p1")
    return [
        Post("facebook", "p1", channel="Stadt Musterstadt", text="Baustelle Hauptstraße", url="https://fb.example/p1",
             created_at="2026-11-22T18:00:00Z"),
        Comment(comment_id="c1", text=HOSTILE, author_name="Max Muster", author_id="m1",
                created_at="2026-11-23T03:00:00Z", permalink="https://fb.example/p1?c=c1", **fb),
        Comment(comment_id="c2", text="Ich weiß, wo du wohnst.", author_name="Max Muster", author_id="m1",
                created_at="2026-11-23T03:05:00Z", permalink="https://fb.example/p1?c=c2", **fb),
        Comment(comment_id="c3", text="Wann ist die Straße wieder frei?", author_name="Erika", author_id="e1",
                created_at="2026-11-23T03:10:00Z", **fb),
        Comment(platform="instagram", comment_id="c4", text="Gratis Follower hier", author_name="bot99",
                author_id="b9", created_at="2026-11-23T03:20:00Z", channel="Feuerwehr Musterstadt"),
        Comment(comment_id="c5", text="Ihr seid alle unfähig", author_name="Erika", author_id="e1",
                created_at="2026-11-23T03:30:00Z", **fb),
        Comment(comment_id="c6", text="Was ist mit dem Radweg?", author_name="Jo", author_id="j1",
                created_at="2026-11-23T03:40:00Z", **fb),
    ]


def old_comment() -> list[Comment | Post]:
    return [Comment(platform="facebook", comment_id="c7", post_id="p1", text="Alte Beleidigung, angezeigt",
                    author_name="Kurt", author_id="k1", created_at="2026-08-31T09:00:00Z")]


def ids(store: Store) -> dict[str, int]:
    with store.lock:
        return {n: i for i, n in store.conn.execute("SELECT id, native_id FROM comments")}


def build_shift_a(path: Path, *, close: bool = True) -> Store:
    """Shift history up to NOW; see tests/unit/reports/test_handover.py for every expected number."""
    store = open_store(path)
    import_records(store, Path("old.json"), "test", iter(old_comment()), sha256="old", now=at(10, day=31, month=8))
    import_records(store, Path("new.json"), "test", iter(comments()), sha256="new", now=at(4, 30))
    c = ids(store)
    # before the period: ben reports c7 (still open) and closes the night shift
    decide(store, "ben", "report", [c["c7"]], rules=["R05"], reason="Formalbeleidigung", now=at(9, day=20))
    log.append(store, "ben", "shift_close", note="Nachtschicht ruhig.", now=at(3, 55))
    # shift A (anna) inside [SINCE, NOW)
    decide(store, "anna", "hide", [c["c1"]], rules=["R05"], reason="Beleidigung eines Mitarbeiters", now=at(5))
    decide(store, "anna", "escalate", [c["c2"]], rules=["R01"], reason="Bedrohung", data={"target": "polizei"},
           now=at(5, 10))
    decide(store, "anna", "approve", [c["c3"]], now=at(5, 20))
    decide(store, "anna", "delete", [c["c4"]], rules=["R13"], reason="Spam", now=at(5, 30))
    decide(store, "anna", "hide", [c["c5"]], rules=["R05"], now=at(5, 40))
    log.undo_last(store, "anna", now=at(5, 41))
    log.append(store, "anna", "note", [c["c3"]], note="An Tiefbauamt weitergeleitet", now=at(5, 50))
    claims.claim(store, c["c6"], "anna", minutes=600, now=at(6))
    claims.claim(store, c["c3"], "anna", minutes=600, now=at(5, 15))
    with store.lock:
        store.conn.executemany(
            "INSERT INTO spikes (id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, "
            "explanation, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                ("s-live", "post", "facebook:p1", "Baustelle Hauptstraße", "2026-11-23T06:00:00.000000Z", None, None,
                 2, 2, "Dreifaches Kommentaraufkommen, 40 % mit Regelverstoß", "2026-11-23T06:00:00Z"),
                ("s-ended", "channel", "Feuerwehr", "Feuerwehr Musterstadt", "2026-11-23T02:00:00.000000Z", None,
                 "2026-11-23T05:00:00.000000Z", 0, 1, "Spam-Welle", "2026-11-23T05:00:00Z"),
                ("s-old", "channel", "Stadt", "Stadt Musterstadt", "2026-11-20T02:00:00.000000Z", None,
                 "2026-11-20T05:00:00.000000Z", 0, 3, "Alte Lage", "2026-11-20T05:00:00Z"),
            ],
        )
    log.append(store, "anna", "spike_ack", data={"spike": "s-live", "level": 2}, now=at(6, 5))
    if close:
        log.append(store, "anna", "shift_close", note="Polizei zu Bedrohung informiert, Rückruf ausstehend.",
                   now=CLOSE_A)
    return store
