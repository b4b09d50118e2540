"""spikes_store: the SQL-fed rebuild equals feeding every stored comment through ``observe``;
rule titles and post labels in explanations; the spikes table and comment membership."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from cm_tui.checking import queue_rank
from cm_tui.spikes import Observation
from cm_tui.spikes_refresh import refresh_spikes
from cm_tui.spikes_store import detect, post_label, short_title
from cm_tui.store.spike_rows import load_spikes
from cm_tui.store.db import Store
from tests.unit.spikes.synth import T0, Stream

RULE = {"Beleidigung": ("R05", 2), "Drohung": ("R01", 4)}
TITLES = {"R05": "Beleidigung", "R01": "Drohung"}


def _history() -> list[Observation]:
    """A week on two channels, a storm with copies on one post, a threat later on."""
    s = Stream(5, unique_texts=True)
    obs = s.calm(T0, 24 * 7, 4.0, channel="Stadt", post="p1")
    obs += s.calm(T0, 24 * 7, 0.5, channel="@amt_jana", owner="Jana Beispiel", post="j1")
    obs += s.storm(T0 + timedelta(days=5, hours=9, minutes=10), 60, 240, hostile=0.5, copies=40,
                   channel="Stadt", post="storm")
    obs.append(s.obs(T0 + timedelta(days=6, hours=20), channel="@amt_jana", owner="Jana Beispiel", post="j1",
                     text="Wir wissen, wo du wohnst", rules=("Drohung",), severity=4, threat=True))
    return sorted(obs, key=lambda o: o.ts)


def _fill(store: Store, obs: list[Observation], post_texts: dict[str, str], fts: bool = True) -> None:
    rows = []
    for o in obs:
        rule, sev = RULE[o.rule_titles[0]] if o.rule_titles else ("", -1)
        rows.append((
            "facebook", f"c{o.comment}", o.post_key, o.channel, o.owner, f"id:{o.author}", o.author, o.text,
            o.ts.strftime("%Y-%m-%dT%H:%M:%SZ"), hashlib.sha256(o.text.encode()).hexdigest(), "x", "x",
            sev, rule, queue_rank(sev, 0, False),
        ))
    with store.lock:
        store.conn.executemany(
            "INSERT INTO comments (platform, native_id, post_id, channel, owner, author_key, author_name, text, "
            "created_at, content_hash, first_seen_at, updated_at, severity, rule_ids, rank) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        store.conn.executemany(
            "INSERT INTO posts (platform, native_id, text) VALUES ('facebook', ?, ?)", list(post_texts.items()))
        # the importer keeps the full-text index (migration 2); rows written directly need it too
        if fts:
            store.conn.execute("INSERT INTO comments_fts (rowid, text, author_name) SELECT id, text, author_name FROM comments")


def _events(det) -> list[tuple]:
    det.advance(datetime(2025, 3, 12, tzinfo=UTC))
    return sorted((e.id, e.levels, e.peak, e.end, e.explanation, e.comment_ids, e.series) for e in det.events())


def test_rebuild_from_the_store_equals_observing_every_comment(store):
    _fill(store, _history(), {"storm": "Radweg Hauptstraße: Umbau beschlossen\nMehr dazu …"})
    fast = _events(detect(store, rule_titles=TITLES))
    slow = _events(detect(store, rule_titles=TITLES, per_comment=True))
    assert fast == slow
    assert any("Beitrag ‚Radweg Hauptstraße: Umbau beschlossen'" in e[4] and "Stufe 3" in e[4] for e in fast)
    assert any("Drohung gegen Jana Beispiel" in e[4] for e in fast)


def test_explanations_use_rule_titles_and_post_labels(store):
    _fill(store, _history(), {"storm": "Radweg Hauptstraße: Umbau beschlossen"})
    events = refresh_spikes(store, now=datetime(2025, 3, 12, tzinfo=UTC))
    storm = next(e for e in events if e.scope_kind == "post" and e.scope_key == "facebook:storm")
    assert "mit Regelverstoß (Beleidigung " in storm.explanation and "R05" not in storm.explanation
    jana = next(e for e in events if e.scope_kind == "post" and e.scope_key == "facebook:j1")
    assert jana.scope_label == "@amt_jana: Beitrag …j1"  # no post text stored: channel and the id's end
    assert post_label(None, "Stadt", "2025-03-01T10:00:00Z") == "Stadt: Beitrag vom 01.03.2025"
    assert post_label(None, "Jana", None, "18023456789012345") == "Jana: Beitrag …89012345"
    assert post_label(None, "Jana", None) == "Jana: Beitrag"
    assert short_title("Beleidigung / Schmähung") == "Beleidigung" == short_title("Beleidigung (Modell)")


def test_refresh_stores_events_and_membership(store):
    _fill(store, _history(), {})
    now = datetime(2025, 3, 12, tzinfo=UTC)
    events = refresh_spikes(store, now=now, rule_titles=TITLES)
    stored = load_spikes(store)
    assert {s["id"] for s in stored} == {e.id for e in events}
    members = {cid for e in events for cid in e.comment_ids}
    rows = dict(store.conn.execute("SELECT id, spike FROM comments WHERE spike IS NOT NULL").fetchall())
    assert set(rows) == members
    rank = store.conn.execute("SELECT rank, severity FROM comments WHERE id = ?", (next(iter(members)),)).fetchone()
    assert rank[0] == queue_rank(rank[1], 0, True)
    # a second refresh changes nothing; a vanished spike is removed with its membership
    assert [e.id for e in refresh_spikes(store, now=now, rule_titles=TITLES)] == [e.id for e in events]
    for sid, start in (("post:alt:x", "2025-03-10T00:00:00Z"), ("post:old:y", "2024-01-01T00:00:00Z")):
        store.conn.execute("INSERT INTO spikes (id, scope_kind, scope_key, start, level, peak_level, updated_at) "
                           "VALUES (?, 'post', 'alt', ?, 2, 2, 'x')", (sid, start))
    store.conn.execute("DELETE FROM comments WHERE post_id = 'storm'")
    after = refresh_spikes(store, now=now, rule_titles=TITLES)
    # within the three-week horizon the table is exactly the rebuild; older events are history
    assert {s["id"] for s in load_spikes(store)} == {e.id for e in after} | {"post:old:y"}
    assert not any(e.scope_key == "facebook:storm" for e in after)
    left = {cid for e in after for cid in e.comment_ids}
    assert {r[0] for r in store.conn.execute("SELECT id FROM comments WHERE spike IS NOT NULL")} == left
    ranks = store.conn.execute("SELECT count(*) FROM comments WHERE spike IS NULL AND rank != (severity + 1) * 1000")
    assert ranks.fetchone()[0] == 0


def test_empty_store(store):
    assert refresh_spikes(store, now=datetime(2025, 3, 12, tzinfo=UTC)) == []


def test_the_citys_own_replies_are_no_public_reaction(store):
    # the team answers 60 citizens in one hour with the same three texts from three accounts:
    # counted as comments that was a "copy-paste campaign" and a rate spike on a quiet channel
    s = Stream(5, unique_texts=True)
    calm = s.calm(T0, 24 * 5, 2.0, channel="Stadt", post="p1")
    replies = [
        s.obs(T0 + timedelta(days=4, hours=10, minutes=i), channel="Stadt", post="p1", author=f"team{i % 3}",
              text="Danke für Ihre Nachricht, wir haben das an das Fachamt weitergegeben und melden uns.")
        for i in range(60)
    ]
    _fill(store, sorted(calm + replies, key=lambda o: o.ts), {})
    assert _events(detect(store, rule_titles=TITLES))  # the store does not know they are the city's yet
    store.conn.execute("UPDATE comments SET own = 1, state = 'own' WHERE author_name LIKE 'team%'")
    assert _events(detect(store, rule_titles=TITLES)) == []
    assert _events(detect(store, rule_titles=TITLES, per_comment=True)) == []
    assert refresh_spikes(store, now=datetime(2025, 3, 12, tzinfo=UTC)) == []


def test_ids_of_many_spikes_in_one_pass_equal_one_query_each(store):
    from cm_tui.spikes_store import StoreSource, derive

    _fill(store, _history(), {})
    derive(store)
    src = StoreSource(store, TITLES)
    first = store.conn.execute("SELECT min(created_at) FROM comments").fetchone()[0]
    b = int(datetime.fromisoformat(first.replace("Z", "+00:00")).timestamp()) // 300
    wanted = [("overall", "*", b, b + 30), ("channel", "Stadt", b + 5, b + 400), ("post", "facebook:storm", b, b + 3000),
              ("channel", "@amt_jana", b + 1000, b + 1000), ("post", "facebook:j1", b, b + 99999)]
    many = src.ids_many(wanted)
    assert [sorted(x) for x in many] == [sorted(src.ids(*w)) for w in wanted]
    assert len(many[2]) >= 240 and len(many[4]) > 10
