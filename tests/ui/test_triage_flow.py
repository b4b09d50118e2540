"""The keyboard flow of a shift, key by key, checked against the log it writes."""

from __future__ import annotations

from pathlib import Path

from cm_tui.store import log, queue
from cm_tui.store.db import open_store
from cm_tui.ui.app import CmApp
from cm_tui.ui.screens.main import MainScreen
from cm_tui.ui.screens.modals import Confirm, Picker, ReplyEditor
from cm_tui.ui.widgets.queue_view import QueueView
from tests.conftest import NOW
from tests.ui.conftest import settle


def _app(db: Path, user: str = "anna") -> CmApp:
    return CmApp(db, user, clock=lambda: NOW)


def _open_ids(db: Path, query: str = "") -> list[int]:
    store = open_store(db)
    f = queue.parse_query(query, now=NOW)
    ids = [r.id for r in queue.fetch_page(store, f, 0, 1000, now=NOW)]
    store.close()
    return ids


async def test_triage_ten_comments_by_keys(demo_db: Path) -> None:
    first = _open_ids(demo_db)
    spam = _open_ids(demo_db, "rule:R13")
    assert len(spam) >= 3, "sample data has spam"
    app = _app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.query_one(QueueView)
        assert view.current is not None and view.current.id == first[0]

        await pilot.press("a")  # 1: approve the top comment
        await settle(pilot)
        assert view.current is not None and view.current.id == first[1]

        await pilot.press("h")  # 2: hide, citing the rule the engine found
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        cited = app.screen._highlighted_id()
        await pilot.press("enter")
        await settle(pilot)

        await pilot.press("r")  # 3: reply with the best-ranked template, edited
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        template = app.screen._highlighted_id()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReplyEditor)
        await pilot.press(*"Gruss Anna ")
        await pilot.press("ctrl+s")
        await settle(pilot)

        await pilot.press("e")  # 4: escalate to the press office with a note
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("tab")
        await pilot.press(*"Presse")
        await pilot.press("enter")
        await settle(pilot)
        escalated = first[3]

        await pilot.press("slash")  # 5-7: filter to spam, mark three, bulk hide
        await settle(pilot)
        await pilot.press(*"rule:R13", "enter")
        await settle(pilot)
        assert view.window.total == len(spam)
        await pilot.press("asterisk")  # all of them, then unmark all but three
        await settle(pilot)
        assert len(view.marks) == len(spam)
        await pilot.press(*["space"] * (len(spam) - 3))
        await settle(pilot)
        assert len(view.marks) == 3
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        bulk_rule = app.screen._highlighted_id()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert view.window.total == len(spam) - 3 and not view.marks

        await pilot.press("escape")  # back to the whole queue
        await settle(pilot)
        await pilot.press("s")  # 8: snooze for an hour
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")  # a note does not decide anything
        await settle(pilot)
        await pilot.press(*"Rückruf vereinbart", "enter")
        await settle(pilot)
        await pilot.press("j", "a")  # 9: approve the next-but-one comment
        await settle(pilot)
        await pilot.press("u")  # 10: undo that approval
        await settle(pilot)

    store = open_store(demo_db)
    entries = log.read_log(store)
    actions = [(e.action, e.comment) for e in entries if e.action not in ("evidence",)]
    assert [a for a, _ in actions] == [
        "approve", "hide", "reply", "escalate", "hide", "hide", "hide", "snooze", "note", "approve", "undo",
    ]
    by_action = {e.action: e for e in entries}
    assert actions[0][1] == first[0] and actions[1][1] == first[1]
    assert entries[1].rules == (cited,) and entries[1].reason
    reply = by_action["reply"]
    assert reply.template_id == template and reply.reply_text and reply.reply_text.startswith("Gruss Anna ")
    assert by_action["escalate"].data["target"] == "pressestelle" and by_action["escalate"].note == "Presse"
    assert by_action["escalate"].comment == escalated
    evidence = [e for e in entries if e.action == "evidence"]
    assert [e.comment for e in evidence] == [escalated] and len(evidence[0].data["sha256"]) == 64
    hides = [e for e in entries if e.action == "hide"][1:]
    assert {e.comment for e in hides} <= set(spam) and len({e.data["batch"] for e in hides}) == 1
    assert bulk_rule == "R13" and all(e.rules == ("R13",) for e in hides)
    assert by_action["undo"].data["undo_of"] == [e for e in entries if e.action == "approve"][-1].id
    assert all(e.user == "anna" for e in entries)
    states = dict(store.conn.execute("SELECT id, state FROM comments WHERE id IN (?,?)", (first[0], first[1])))
    assert states == {first[0]: "approved", first[1]: "hidden"}
    store.close()


async def test_the_hiding_notice_names_the_rule_the_manager_chose(demo_db: Path) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        await pilot.press("slash", *"Touristinfo", "enter")  # no rule fired on this one
        await settle(pilot)
        assert view.window.total == 1
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*"R13")  # the manager types the rule: spam
        await settle(pilot)
        assert app.screen._highlighted_id() == "R13"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash", *"status:ausgeblendet Touristinfo", "enter")
        await settle(pilot)
        assert view.window.total == 1
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press(*"T13")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReplyEditor)
        text = app.screen.query_one("TextArea").text  # type: ignore[attr-defined]
        title = app.rules.rules["R13"].title
        assert f"ausgeblendet. Grund: {title} – „{app.rules.rules['R13'].clause}“" in text


async def test_a_copy_paste_campaign_is_shown_marked_and_hidden_in_one_go(demo_db: Path) -> None:
    """The sample storm's "STOPPT DEN RADWEG-WAHNSINN" from many accounts: the detail counts the
    copies, ``=`` lists the open ones, ``*`` marks them all and ``h`` hides them with one reason."""
    store = open_store(demo_db)
    cluster, first_id = store.conn.execute(
        "SELECT spike_dup, min(id) FROM comments WHERE text LIKE 'STOPPT  DEN RADWEG%' AND state = 'open' "
        "GROUP BY spike_dup ORDER BY count(*) DESC LIMIT 1").fetchone()
    members = {r[0] for r in store.conn.execute(
        "SELECT id FROM comments WHERE spike_dup = ? AND state = 'open'", (cluster,))}
    accounts = store.conn.execute("SELECT count(DISTINCT author_key) FROM comments WHERE spike_dup = ?", (cluster,)).fetchone()[0]
    store.close()
    assert len(members) > 20 and accounts >= 3
    app = _app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.apply_query("Radweg-Wahnsinn")
        await settle(pilot)
        view = screen.query_one(QueueView)
        assert view.current is not None and view.current.id in members
        from cm_tui.ui.widgets.detail import DetailPane

        pane = screen.query_one(DetailPane).plain
        assert f"Gleichlautend: {len(members)} Kommentare von {accounts} Konten, {len(members)} davon offen" in pane

        await pilot.press("equals_sign")
        await settle(pilot)
        assert view.window.total == len(members)
        await pilot.press("asterisk")
        await settle(pilot)
        assert view.marks == members
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("enter")  # the rule the engine found
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # a bulk action asks first
        await pilot.press("j")
        await settle(pilot)
        assert view.window.total == 0  # none of the campaign is left open
    store = open_store(demo_db)
    hidden = [e.comment for e in log.read_log(store) if e.action == "hide"]
    store.close()
    assert sorted(hidden) == sorted(members)


async def test_same_text_key_on_a_comment_without_copies_says_so(demo_db: Path) -> None:
    store = open_store(demo_db)
    lonely = store.conn.execute("SELECT id FROM comments WHERE spike_dup IS NULL AND state = 'open' LIMIT 1").fetchone()[0]
    store.close()
    app = _app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.show_comments([lonely], "ein Kommentar")
        await settle(pilot)
        await pilot.press("equals_sign")
        await settle(pilot)
        assert screen.filter.dup is None and screen.query_one(QueueView).window.total == 1
        assert any("Keine gleichlautenden" in str(n.message) for n in app._notifications)
