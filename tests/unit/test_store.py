"""The store: idempotent import, append-only log, state derived from the log, claims, queue."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from cm_tui.model import Comment, Post
from cm_tui.store import claims, log, queue
from cm_tui.store.db import Store, open_store
from cm_tui.store.ingest import ChannelMap, import_records
from cm_tui.config import ChannelRule
from tests.conftest import NOW


def _comments(n: int, *, text: str = "Wann hat das Bürgerbüro offen?", likes: int = 0) -> list[Comment]:
    return [
        Comment(platform="facebook", comment_id=f"c{i}", post_id="p1", text=f"{text} {i}", author_name=f"A{i % 3}",
                author_id=f"u{i % 3}", created_at=f"2026-11-22T10:{i % 60:02d}:00Z", like_count=likes)
        for i in range(n)
    ]


def _import(store: Store, tmp_path: Path, records: list, name: str = "f.json", **kw) -> queue.QueueFilter:
    path = tmp_path / name
    path.write_text("x")
    return import_records(store, path, "test", iter(records), now=NOW, **kw)


def test_import_is_idempotent_and_keeps_earlier_text(store: Store, tmp_path: Path) -> None:
    post = Post(platform="facebook", post_id="p1", channel="Stadt Musterstadt", text="Radweg Hauptstraße")
    s1 = _import(store, tmp_path, [post, *_comments(5)])
    assert (s1.new, s1.updated, s1.unchanged) == (5, 0, 0)
    s2 = _import(store, tmp_path, [post, *_comments(5)])
    assert (s2.new, s2.updated, s2.unchanged) == (0, 0, 5)
    edited = _comments(5)
    edited[2] = Comment(**{**{f: getattr(edited[2], f) for f in edited[2].__slots__}, "text": "bearbeitet", "like_count": 7})
    s3 = _import(store, tmp_path, [*edited, *_comments(7)[5:]])
    assert (s3.new, s3.updated, s3.unchanged) == (2, 1, 4)
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 7
    row = store.conn.execute("SELECT id, text, like_count, channel FROM comments WHERE native_id='c2'").fetchone()
    assert row[1:] == ("bearbeitet", 7, "Stadt Musterstadt")
    assert store.conn.execute("SELECT text FROM comment_versions WHERE comment_id=?", (row[0],)).fetchall() == [
        ("Wann hat das Bürgerbüro offen? 2",)
    ]


def test_failed_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    def broken():
        yield from _comments(3000)
        raise ValueError("kaputt")

    path = tmp_path / "bad.json"
    path.write_text("x")
    with pytest.raises(ValueError):
        import_records(store, path, "test", broken(), now=NOW)
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_channel_rules_map_posts_and_accounts(store: Store, tmp_path: Path) -> None:
    channels = ChannelMap([
        ChannelRule(platform="instagram", name="Jana Becker (Feuerwehr)", owner="Jana Becker", account="feuerwehr.jana"),
        ChannelRule(platform="facebook", name="Stadt Musterstadt", posts=("p1",)),
    ])
    records = [
        Post(platform="instagram", post_id="m1", channel="feuerwehr.jana"),
        Comment(platform="instagram", comment_id="i1", post_id="m1", text="Danke!"),
        Comment(platform="facebook", comment_id="f1", post_id="p1", text="Super"),
    ]
    _import(store, tmp_path, records, channels=channels)
    rows = dict((r[0], r[1:]) for r in store.conn.execute("SELECT native_id, channel, owner FROM comments"))
    assert rows == {"i1": ("Jana Becker (Feuerwehr)", "Jana Becker"), "f1": ("Stadt Musterstadt", None)}


def test_log_is_append_only(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _comments(1))
    log.append(store, "anna", "approve", [1], now=NOW)
    with pytest.raises(sqlite3.DatabaseError):
        store.conn.execute("UPDATE log SET user='x'")
    with pytest.raises(sqlite3.DatabaseError):
        store.conn.execute("DELETE FROM log")


def test_state_is_derived_from_log_and_undo_restores(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _comments(3))
    with pytest.raises(log.LogError):
        log.append(store, "anna", "hide", [1], now=NOW)
    log.append(store, "anna", "hide", [1, 2], rules=["R13"], reason="Werbung", now=NOW)
    log.append(store, "anna", "approve", [3], now=NOW + timedelta(seconds=1))
    states = dict(store.conn.execute("SELECT id, state FROM comments"))
    assert states == {1: "hidden", 2: "hidden", 3: "approved"}
    assert log.undo_last(store, "anna", now=NOW + timedelta(seconds=2)) == [3]
    assert log.undo_last(store, "anna", now=NOW + timedelta(seconds=3)) == [2, 1]
    assert log.undo_last(store, "anna", now=NOW + timedelta(seconds=4)) == []
    assert set(dict(store.conn.execute("SELECT id, state FROM comments")).values()) == {"open"}
    # the cache is exactly what the log says
    store.conn.execute("UPDATE comments SET state='deleted'")
    assert log.rebuild_states(store) == 3
    assert set(dict(store.conn.execute("SELECT id, state FROM comments")).values()) == {"open"}


def test_snoozed_comment_leaves_queue_until_it_wakes(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _comments(2))
    until = NOW + timedelta(hours=1)
    log.append(store, "anna", "snooze", [1], data={"until": until.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}, now=NOW)
    assert queue.count(store, queue.QueueFilter(), now=NOW) == 1
    assert queue.count(store, queue.QueueFilter(), now=until + timedelta(seconds=1)) == 2


def test_claims_lease_takeover_logged(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _comments(1))
    assert claims.claim(store, 1, "anna", now=NOW).user == "anna"
    assert claims.claim(store, 1, "ben", now=NOW + timedelta(minutes=1)).user == "anna"
    assert claims.claim(store, 1, "ben", now=NOW + timedelta(minutes=11)).user == "ben"  # lease expired
    assert claims.claim(store, 1, "anna", now=NOW + timedelta(minutes=12), take_over=True).user == "anna"
    entries = log.read_log(store)
    assert [(e.action, e.user, e.data.get("from")) for e in entries] == [("claim_takeover", "anna", "ben")]


def test_two_connections_share_one_file(tmp_path: Path) -> None:
    a, b = open_store(tmp_path / "shared.db"), open_store(tmp_path / "shared.db")
    _import(a, tmp_path, _comments(2))
    assert claims.claim(a, 1, "anna", now=NOW).user == "anna"
    assert claims.claim(b, 1, "ben", now=NOW).user == "anna"
    log.append(b, "ben", "approve", [2], now=NOW)
    assert a.conn.execute("SELECT state FROM comments WHERE id=2").fetchone()[0] == "approved"


def test_queue_order_filters_and_pages(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _comments(10))
    store.conn.execute("UPDATE comments SET severity=4, rank=5000, rule_ids='R01', flagged=1 WHERE native_id='c7'")
    rows = queue.fetch_page(store, queue.QueueFilter(), 0, 3, now=NOW)
    assert rows[0].id == 8 and [r.id for r in rows[1:]] == [1, 2]
    assert queue.count(store, queue.parse_query("rule:R01", now=NOW), now=NOW) == 1
    assert queue.count(store, queue.parse_query("severity:hoch", now=NOW), now=NOW) == 1
    assert queue.count(store, queue.parse_query("Bürgerbüro", now=NOW), now=NOW) == 10
    assert queue.count(store, queue.parse_query("buergerbuero offen 7", now=NOW), now=NOW) == 0
    assert queue.count(store, queue.parse_query('author:A1 "offen"', now=NOW), now=NOW) == 3
    assert [r.id for r in queue.fetch_page(store, queue.QueueFilter(), 8, 5, now=NOW)] == [9, 10]
    with pytest.raises(queue.QueryError):
        queue.parse_query("severity:sehrhoch", now=NOW)
    store.conn.execute("UPDATE comments SET spike_dup = 3 WHERE id IN (3, 5, 9)")
    assert queue.parse_query("dup:3 Bürgerbüro", now=NOW).dup == 3
    assert [r.id for r in queue.fetch_page(store, queue.parse_query("gleich:3", now=NOW), 0, 10, now=NOW)] == [3, 5, 9]
    for bad in ("drei", "²", "9" * 30):
        with pytest.raises(queue.QueryError, match="dup:"):
            queue.parse_query(f"dup:{bad}", now=NOW)
    assert queue.fts_query('a" OR b*') == '"a"* "OR"* "b"*'


def test_block_names_the_author_and_undo_takes_back_the_whole_batch(store: Store, tmp_path: Path) -> None:
    from cm_tui import triage

    _import(store, tmp_path, _comments(3))
    outcome = triage.decide(store, "anna", "block", [1, 2], rules=["R05"], reason="Beleidigung", now=NOW)
    assert outcome.done == (1, 2)
    blocks = [e for e in log.read_log(store) if e.action == "block"]
    assert [(e.comment, e.data["author_name"], e.data["author_id"]) for e in blocks] == [(1, "A0", "u0"), (2, "A1", "u1")]
    assert sorted(log.undo_last(store, "anna", now=NOW + timedelta(seconds=1))) == [1, 2]


def test_recheck_in_worker_processes_matches_the_single_process_result(store: Store, tmp_path: Path) -> None:
    from cm_tui import checking

    texts = ["Du bist ein I d i o t", "Wann hat das Bürgerbüro offen?", "Danke für die schnelle Hilfe!"]
    records = [Comment(platform="x", comment_id=str(i), text=texts[i % 3], author_name=f"a{i}") for i in range(12000)]
    _import(store, tmp_path, records)
    rules = checking.load_rules()
    assert checking.recheck(store, rules) == 12000
    single = store.conn.execute("SELECT id, flagged, rule_ids, findings, rank FROM comments ORDER BY id").fetchall()
    store.conn.execute("UPDATE comments SET rules_version = NULL, rule_ids = '', findings = NULL")
    assert checking.recheck(store, rules, rule_files=[]) == 12000
    assert store.conn.execute("SELECT id, flagged, rule_ids, findings, rank FROM comments ORDER BY id").fetchall() == single
    assert checking.recheck(store, rules) == 0


OWN_CHANNELS = [
    ChannelRule(platform="facebook", name="Stadt Musterstadt", account="104523981234567", posts=("p1",)),
    ChannelRule(platform="x", name="Miriam Hoffmann (Stadtbibliothek)", owner="Miriam Hoffmann", account="bibliothek_miri"),
    ChannelRule(platform="mastodon", name="Stadt Musterstadt (Mastodon)", account="stadt@social.musterstadt.example"),
    ChannelRule(platform="tiktok", name="Lea Yilmaz", owner="Lea Yilmaz", account="lea.im.rathaus"),
]


def _own_replies() -> list[Comment]:
    at = "2026-11-22T10:00:00Z"
    return [
        # by page id, by @handle where the name is a display name, by the instance's local account,
        # by the Amtfluencer's own name on her profile
        Comment(platform="facebook", comment_id="own1", post_id="p1", text="Danke für den Hinweis!",
                author_name="Stadt Musterstadt", author_id="104523981234567", created_at=at),
        Comment(platform="x", comment_id="own2", post_id="t1", text="Gute Frage!", author_name="Miriam Hoffmann 📚",
                author_id="145", author_handle="bibliothek_miri", created_at=at, channel="bibliothek_miri"),
        Comment(platform="mastodon", comment_id="own3", post_id="s1", text="Wir reichen das nach.",
                author_name="Stadt Musterstadt", author_id="stadt", created_at=at, channel="stadt@social.musterstadt.example"),
        Comment(platform="tiktok", comment_id="own4", post_id="v1", text="Schau mal auf die Karriereseite",
                author_name="Lea Yilmaz", created_at=at, channel="Lea Yilmaz", owner="Lea Yilmaz"),
        # citizens: a namesake of the page on another platform, a remote "stadt" on Mastodon
        Comment(platform="x", comment_id="c1", post_id="t1", text="Und wann?", author_name="Stadt Musterstadt",
                author_id="999", author_handle="stadtfan", created_at=at, channel="bibliothek_miri"),
        Comment(platform="mastodon", comment_id="c2", post_id="s1", text="Frage", author_name="stadt",
                author_id="stadt@elsewhere.social", created_at=at, channel="stadt@social.musterstadt.example"),
    ]


def test_replies_of_the_citys_own_accounts_leave_the_queue(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _own_replies(), channels=ChannelMap(OWN_CHANNELS))
    states = dict(store.conn.execute("SELECT native_id, state FROM comments"))
    assert states == {"own1": "own", "own2": "own", "own3": "own", "own4": "own", "c1": "open", "c2": "open"}
    assert queue.count(store, queue.QueueFilter(), now=NOW) == 2
    assert queue.count(store, queue.parse_query("status:eigene"), now=NOW) == 4
    assert queue.count(store, queue.parse_query("status:erledigt"), now=NOW) == 0
    assert log.read_log(store) == []  # nobody decided anything


def test_own_replies_found_after_the_account_is_configured_and_undo_returns_them(store: Store, tmp_path: Path) -> None:
    _import(store, tmp_path, _own_replies())  # no channels.toml yet
    assert queue.count(store, queue.QueueFilter(), now=NOW) == 5  # Lea: the record names her as owner
    _import(store, tmp_path, _own_replies(), name="again.json", channels=ChannelMap(OWN_CHANNELS))
    assert queue.count(store, queue.QueueFilter(), now=NOW) == 2
    own1 = store.conn.execute("SELECT id FROM comments WHERE native_id='own1'").fetchone()[0]
    log.append(store, "anna", "delete", [own1], rules=["R13"], reason="doppelt gepostet", now=NOW)
    assert store.conn.execute("SELECT state FROM comments WHERE id=?", (own1,)).fetchone()[0] == "deleted"
    assert log.undo_last(store, "anna", now=NOW + timedelta(seconds=1)) == [own1]
    assert store.conn.execute("SELECT state FROM comments WHERE id=?", (own1,)).fetchone()[0] == "own"
    store.conn.execute("UPDATE comments SET state='open'")
    log.rebuild_states(store)
    assert store.conn.execute("SELECT state FROM comments WHERE id=?", (own1,)).fetchone()[0] == "own"


def test_the_detail_shows_the_teams_answer(store: Store, tmp_path: Path) -> None:
    from cm_tui.store.detail import load_detail

    at = "2026-11-22T10:00:00Z"
    records = [
        Comment(platform="facebook", comment_id="q1", post_id="p1", text="Wann ist das Freibad offen?",
                author_name="Birgit", author_id="b1", created_at=at),
        Comment(platform="facebook", comment_id="own1", post_id="p1", parent_id="q1", text="Ab 1. Mai, Birgit!",
                author_name="Stadt Musterstadt", author_id="104523981234567", created_at="2026-11-22T10:05:00Z"),
        Comment(platform="facebook", comment_id="c2", post_id="p1", parent_id="q1", text="Das frage ich mich auch",
                author_name="Jens", author_id="j1", created_at="2026-11-22T10:06:00Z"),
    ]
    _import(store, tmp_path, records, channels=ChannelMap(OWN_CHANNELS))
    ids = dict(store.conn.execute("SELECT native_id, id FROM comments"))
    detail = load_detail(store, ids["q1"])
    assert detail is not None and detail.team_replies == [("Stadt Musterstadt", "2026-11-22T10:05:00Z", "Ab 1. Mai, Birgit!")]
    assert load_detail(store, ids["c2"]).team_replies == []  # type: ignore[union-attr]
    from cm_tui.ui.widgets.detail import render_detail

    assert "Antwort des Teams · Stadt Musterstadt (22.11.2026 11:05): Ab 1. Mai, Birgit!" in render_detail(detail, None, "anna").plain


def test_upgrading_marks_amtfluencer_replies_stored_before(tmp_path: Path) -> None:
    import sqlite_utils
    from sqlite_utils import Migrations

    from cm_tui.store import db as dbmod

    path = tmp_path / "old.db"
    old = Migrations(dbmod.migrations.name)
    for name, fn, transactional in dbmod.migrations.entries[:3]:  # a database of before m004
        old(name=name, transactional=transactional)(fn)
    legacy = sqlite_utils.Database(path)
    old.apply(legacy)
    legacy.execute(
        "INSERT INTO comments (platform, native_id, channel, owner, author_name, text, content_hash, first_seen_at, updated_at) "
        "VALUES ('tiktok', 'a', 'Lea Yilmaz', 'Lea Yilmaz', 'Lea Yilmaz', 'Danke euch!', 'h', 'x', 'x'), "
        "('tiktok', 'b', 'Lea Yilmaz', 'Lea Yilmaz', 'Max', 'Frage', 'h', 'x', 'x')")
    legacy.conn.commit()
    legacy.close()
    store = open_store(path)
    assert dict(store.conn.execute("SELECT native_id, state FROM comments")) == {"a": "own", "b": "open"}
    store.close()


def test_only_one_recheck_runs_on_a_shared_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cm_tui.cli import main
    from cm_tui.store import jobs

    db = tmp_path / "shared.db"
    store = open_store(db)
    _import(store, tmp_path, _comments(3))  # not checked yet
    assert jobs.take(store, "recheck", "other-host:4711", minutes=60) is None  # a colleague's app, running
    assert main(["--db", str(db), "recheck"]) == 0
    assert "Neuprüfung läuft bereits (other-host:4711)" in capsys.readouterr().out
    assert store.conn.execute("SELECT count(*) FROM comments WHERE rules_version IS NULL").fetchone()[0] == 3
    jobs.release(store, "recheck", "other-host:4711")  # done (or its lease ran out)
    assert main(["--db", str(db), "recheck"]) == 0
    assert "3 Kommentare neu geprüft." in capsys.readouterr().out
    assert store.conn.execute("SELECT count(*) FROM jobs").fetchone()[0] == 0  # released again
    store.close()


def test_suggested_replies_name_titles_where_known_and_stay_one_line() -> None:
    from cm_tui.ui.widgets.detail import suggested

    ranked = [("T01", 0.9), ("T14", 0.855), ("X9", 0.4), ("T02", 0.3), ("T03", 0.2)]
    titles = {"T01": "Netiquette-Hinweis", "T14": "Schutz von\nMitarbeitenden\x1b[2J"}
    out = suggested(ranked, titles)
    assert out == "Netiquette-Hinweis (T01, 90 %), Schutz von Mitarbeitenden (T14, 86 %), X9 (40 %), T02 (30 %)"


def test_the_detail_says_when_the_export_had_no_post_text(store: Store, tmp_path: Path) -> None:
    from cm_tui.store.detail import load_detail
    from cm_tui.ui.widgets.detail import render_detail

    _import(store, tmp_path, [Post(platform="instagram", post_id="18023456789012345"),
                              Comment(platform="instagram", comment_id="i1", post_id="18023456789012345",
                                      text="Toll!", author_name="x", created_at="2026-11-22T10:00:00Z")])
    (cid,) = store.conn.execute("SELECT id FROM comments").fetchone()
    shown = render_detail(load_detail(store, cid), None, "anna").plain  # type: ignore[arg-type]
    assert "Beitrag: 18023456789012345 (Text des Beitrags nicht im Export)" in shown


def test_the_detail_counts_copies_in_words_and_stops_counting_at_the_limit(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cm_tui.store import detail as detail_mod
    from cm_tui.ui.widgets.detail import render_detail

    at = "2026-11-22T10:00:00Z"
    _import(store, tmp_path, [Comment(platform="facebook", comment_id=f"c{i}", post_id="p", text="Stoppt den Wahnsinn jetzt sofort!",
                                      author_name="Bot", author_id="bot", created_at=at) for i in range(4)])
    store.conn.execute("UPDATE comments SET spike_dup = 1")
    store.conn.execute("UPDATE comments SET state = 'hidden' WHERE native_id = 'c3'")
    shown = render_detail(detail_mod.load_detail(store, 1), None, "anna").plain  # type: ignore[arg-type]
    assert "Gleichlautend: 4 Kommentare von 1 Konto, 3 davon offen" in shown
    store.conn.execute("UPDATE comments SET spike_dup = NULL WHERE native_id != 'c0'")
    assert detail_mod.load_detail(store, 1).same_text is None  # type: ignore[union-attr]  # alone: nothing to say
    store.conn.execute("UPDATE comments SET spike_dup = 1")
    monkeypatch.setattr(detail_mod, "SAME_TEXT_LIMIT", 2)
    monkeypatch.setattr("cm_tui.ui.widgets.detail.SAME_TEXT_LIMIT", 2)
    same = detail_mod.load_detail(store, 1).same_text  # type: ignore[union-attr]
    assert same is not None and same.capped and same.comments == 3  # counted one beyond the limit, no further
    shown = render_detail(detail_mod.load_detail(store, 1), None, "anna").plain  # type: ignore[arg-type]
    assert "Gleichlautend: mehr als 2 Kommentare" in shown


def test_a_post_short_of_its_announced_comments_is_a_gap_until_the_rest_arrives(store: Store, tmp_path: Path) -> None:
    from cm_tui.store.coverage import gap_of
    from cm_tui.store.detail import load_detail
    from cm_tui.ui.widgets.detail import render_detail

    at = "2026-11-22T10:00:00Z"

    def page(first: int, n: int) -> list[Comment]:
        return [Comment(platform="facebook", comment_id=f"c{i}", post_id="9_5", text=f"Kommentar {i}",
                        author_name="A", created_at=at) for i in range(first, first + n)]

    _import(store, tmp_path, [Post(platform="facebook", post_id="9_5", text="Radweg", comment_total=100), *page(0, 40)])
    gap = gap_of(store, "facebook", "9_5")
    assert gap is not None and (gap.have, gap.announced, gap.replies_included) == (40, 100, True)
    shown = render_detail(load_detail(store, 1), None, "anna").plain  # type: ignore[arg-type]
    assert "Hier 40 von 100 Kommentaren, die der Export ankündigt" in shown
    # a stale feed announcing 0 does not lower the total; deleted comments (a few short) are no gap
    _import(store, tmp_path, [Post(platform="facebook", post_id="9_5", comment_total=0), *page(40, 52)], name="p2.json")
    assert store.conn.execute("SELECT comment_total FROM posts WHERE native_id = '9_5'").fetchone()[0] == 100
    assert gap_of(store, "facebook", "9_5") is None  # 92 of 100: 8 missing, fewer than 10
    _import(store, tmp_path, [Post(platform="facebook", post_id="7_1", toplevel_total=30),
                              *[Comment(platform="facebook", comment_id=f"r{i}", post_id="7_1", parent_id="x",
                                        text="Antwort", created_at=at) for i in range(30)]], name="p3.json")
    top = gap_of(store, "facebook", "7_1")  # 30 replies, no top-level comment of the 30 announced
    assert top is not None and (top.have, top.replies_included) == (0, False)
    assert gap_of(store, "facebook", "7_1", quick=True) is None  # the index-only count cannot tell
