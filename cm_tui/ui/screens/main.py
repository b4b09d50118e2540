"""The main screen: header, spike banner, queue, detail. Keys map to the triage verbs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from cm_tui.safe_text import one_line
from cm_tui.store.spike_rows import load_spikes
from cm_tui.store import claims, queue
from cm_tui.store.detail import CommentDetail, load_detail
from cm_tui.store.queue import QueueFilter, QueueRow
from cm_tui.strings import t
from cm_tui.ui.bindings import bindings
from cm_tui.ui.decisions import DecisionsMixin
from cm_tui.ui.widgets.detail import DetailPane, render_detail
from cm_tui.ui.widgets.key_bar import KeyBar
from cm_tui.ui.widgets.queue_view import QueueView

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp


MARK_ALL_LIMIT = 10_000


class MainScreen(DecisionsMixin, Screen[None]):
    BINDINGS = bindings()
    DEFAULT_CSS = """
    #header { height: 1; background: $primary; color: $text; padding: 0 1; }
    #banner { height: auto; max-height: 3; background: $error; color: $text; padding: 0 1; display: none; }
    #banner.active { display: block; }
    #queue { height: 45%; border-bottom: solid $accent; }
    #detail { height: 1fr; padding: 0 1; }
    """

    @dataclass
    class Refreshed(Message):
        total: int
        first_page: list[QueueRow]
        counts: dict[str, int] | None  # None: a provisional first page, counts follow
        spikes: list[dict[str, Any]]
        keep_cursor: bool

    def __init__(self) -> None:
        super().__init__()
        self.filter = QueueFilter()
        self.query_text = ""
        self.seen_spikes: dict[str, int] | None = None
        self._claim_timer: Any = None
        self._data_version: int | None = None
        self._shown_early: int | None = None  # a comment whose detail a cursor key already showed
        self.shown_detail: CommentDetail | None = None

    @property
    def cm(self) -> CmApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield Static(id="banner")
        yield QueueView(self._load_page, self.cm.user, now=self.cm.now, id="queue")
        yield DetailPane(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.queue_view.focus()
        self.watch(self.queue_view, "cursor", self._show_early, init=False)
        self._first_page()
        self.call_after_refresh(self.cm.first_paint_done)  # background work waits for this
        self.refresh_queue(keep_cursor=False)
        self.set_interval(2.0, self._poll_changes)
        self.set_interval(60.0, self._renew_claim)

    def _first_page(self) -> None:
        """The first page read here, before the screen is first drawn (an index range scan of a few
        milliseconds, also on a million rows): the first frame shows the queue and its first
        comment, not an empty list that a worker fills a few frames later. Counts follow."""
        first = queue.fetch_page(self.cm.reader, self.filter, 0, 200, now=self.cm.now())
        if first:
            self.queue_view.reset(len(first), first, keep_cursor=False)

    @property
    def queue_view(self) -> QueueView:
        return self.query_one("#queue", QueueView)

    # -- loading --------------------------------------------------------------------------------
    def _load_page(self, offset: int, limit: int) -> list[QueueRow]:
        return queue.fetch_page(self.cm.reader, self.filter, offset, limit, now=self.cm.now())

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_queue(self, keep_cursor: bool = True) -> None:
        """Two steps: the first page is on screen at once; counting a large queue follows. On the
        background connection: counting a million rows must not hold up the detail's reads."""
        # Counting a million rows takes a core for a third of a second: on a busy machine that
        # would slow the first paint, which needs only the page read in _first_page.
        self.cm.first_paint_seen.wait(timeout=2.0)
        reader, now = self.cm.background, self.cm.now()
        first = queue.fetch_page(reader, self.filter, 0, 200, now=now)
        if len(first) == 200 and self.queue_view.window.total < 200:
            # Nothing shown yet: paint the first page now, with a provisional length.
            self.post_message(self.Refreshed(len(first), first, None, [], keep_cursor))
        total = queue.count(reader, self.filter, now=now) if len(first) == 200 else len(first)
        counts = queue.header_counts(reader, self.cm.user, now=now)
        spikes = load_spikes(reader, active_only=True)
        self.post_message(self.Refreshed(total, first, counts, spikes, keep_cursor))

    def on_main_screen_refreshed(self, message: Refreshed) -> None:
        view = self.queue_view
        if message.counts is None:  # provisional first page
            view.reset(message.total, message.first_page, keep_cursor=message.keep_cursor)
            return
        view.reset(message.total, message.first_page, keep_cursor=message.keep_cursor)
        view.skip_taken()
        self._update_header(message.counts, message.spikes)
        self._announce_spikes(message.spikes)
        if message.total == 0:
            self.query_one(DetailPane).show(Text(t("queue.empty"), style="dim"))

    def _update_header(self, counts: dict[str, int], spikes: list[dict[str, Any]]) -> None:
        level = max((int(s["level"]) for s in spikes), default=0)
        parts = [t("header.counts", **counts), t("header.spike", level=t(f"level.{level}"))]
        if self.query_text:
            parts.append(t("header.filter", filter=one_line(self.query_text, 40)))
        if self.queue_view.marks:
            parts.append(t("header.marked", n=len(self.queue_view.marks)))
        self.query_one("#header", Static).update(Text("  │  ".join(parts)))
        banner = self.query_one("#banner", Static)
        if level:
            # On equal level the most specific scope explains best: a post, then a channel.
            specific = {"post": 2, "channel": 1}
            top = max(spikes, key=lambda s: (int(s["level"]), specific.get(str(s["scope_kind"]), 0)))
            banner.update(Text(f"⚠ {t(f'level.{level}')}: {one_line(str(top['explanation']), 400)}"))
        banner.set_class(bool(level), "active")

    def _announce_spikes(self, spikes: list[dict[str, Any]]) -> None:
        current = {str(s["id"]): int(s["level"]) for s in spikes}
        if self.seen_spikes is not None:
            for s in spikes:
                if int(s["level"]) > self.seen_spikes.get(str(s["id"]), 0):
                    self.notify(
                        t("notify.spike", level=t(f"level.{s['level']}"), explanation=one_line(str(s["explanation"]), 300)),
                        severity="error" if int(s["level"]) >= 3 else "warning", markup=False, timeout=15,
                    )
        self.seen_spikes = current

    def _poll_changes(self) -> None:
        """Another instance (or an import) committed: reload what we show."""
        with self.cm.reader.lock:
            version = self.cm.reader.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._data_version is not None and version != self._data_version:
            self.refresh_queue()
        self._data_version = version

    # -- detail and claims ----------------------------------------------------------------------
    @on(QueueView.Highlighted)
    def _show(self, message: QueueView.Highlighted) -> None:
        row, current = message.row, self.queue_view.current
        if row is not None and current is not None and row.id != current.id:
            return  # the cursor has moved on; the message for where it rests follows
        if row is None or row.id != self._shown_early:
            self.show_detail(row)
        self._shown_early = None
        if self._claim_timer is not None:
            self._claim_timer.stop()
        if message.row is not None:
            self._claim_timer = self.set_timer(0.3, self._claim_current)

    def show_detail(self, row: QueueRow | None) -> None:
        pane = self.query_one(DetailPane)
        if row is None:
            pane.show(Text(t("detail.none"), style="dim"))
            return
        detail = load_detail(self.cm.reader, row.id)
        if detail is None:
            pane.show(Text(t("detail.none"), style="dim"))
            return
        holder = claims.holder(self.cm.reader, row.id, now=self.cm.now())
        self.shown_detail = detail
        pane.show(render_detail(detail, holder, self.cm.user, self.cm.template_titles()), key=row.id)

    def _claim_current(self) -> None:
        row = self.queue_view.current
        if row is not None and row.state == "open" and not (row.claimed_by and row.claimed_by != self.cm.user):
            previous, self.cm.held_claim = self.cm.held_claim, row.id
            self._claim(row.id, previous)

    def _renew_claim(self) -> None:
        self._claim_current()

    @work(thread=True, group="claims", exit_on_error=False)
    def _claim(self, comment_id: int, previous: int | None) -> None:
        """Claim the comment now open; the one left behind is released for others."""
        if previous is not None and previous != comment_id:
            claims.release(self.cm.store, previous, self.cm.user)
        claim = claims.claim(
            self.cm.store, comment_id, self.cm.user, minutes=self.cm.settings.lease_minutes, now=self.cm.now(),
        )
        if claim.user != self.cm.user:
            self.app.call_from_thread(
                self.notify, t("notify.claimed_by", user=one_line(claim.user)), markup=False, severity="warning"
            )

    # -- navigation -----------------------------------------------------------------------------
    def _show_early(self, _cursor: int) -> None:
        """After any cursor move (a watcher of the queue's cursor): the new comment's detail at
        once, in the same call as the move. Queue and detail then reach the screen together and are drawn in one frame; through
        the Highlighted message alone the detail missed the queue's frame in one press of ten and
        waited 17-33 ms for the next. (The message still follows, for the claim.)"""
        row = self.queue_view.current
        if row is not None and row.id != self.query_one(DetailPane).key:
            self.show_detail(row)
            self._shown_early = row.id

    def action_cursor_down(self) -> None:
        self.queue_view.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.queue_view.action_cursor_up()

    def action_cursor_top(self) -> None:
        self.queue_view.action_cursor_top()

    def action_cursor_bottom(self) -> None:
        self.queue_view.action_cursor_bottom()

    def action_page_down(self) -> None:
        self.queue_view.action_page_down()

    def action_page_up(self) -> None:
        self.queue_view.action_page_up()

    def action_open_detail(self) -> None:
        self.query_one(DetailPane).scroll_page_down(animate=False)

    def action_toggle_mark(self) -> None:
        self.queue_view.toggle_mark()
        self.refresh_queue()

    @work(thread=True, group="refresh", exit_on_error=False)
    def action_mark_all(self) -> None:
        """Mark every comment the current filter shows (e.g. all spam after ``rule:R13``)."""
        ids = queue.ids(self.cm.background, self.filter, now=self.cm.now(), limit=MARK_ALL_LIMIT)
        self.app.call_from_thread(self._marked_all, ids)

    def _marked_all(self, ids: list[int]) -> None:
        self.queue_view.marks |= set(ids)
        self.notify(t("notify.marked", n=len(self.queue_view.marks)), markup=False)
        self.refresh_queue()

    def action_clear(self) -> None:
        self.queue_view.marks.clear()
        self.filter, self.query_text = QueueFilter(), ""
        self.refresh_queue(keep_cursor=False)

    def apply_query(self, text: str) -> None:
        try:
            self.filter = queue.parse_query(text, now=self.cm.now())
        except queue.QueryError as exc:
            self.notify(t("notify.bad_query", error=str(exc)), severity="error", markup=False)
            return
        self.query_text = text
        self.refresh_queue(keep_cursor=False)

    def action_same_text(self) -> None:
        """The open comments of the current one's copy-paste cluster (a campaign: ``*`` then ``h``)."""
        row, detail = self.queue_view.current, self.shown_detail
        if row is None:
            return
        if detail is None or detail.row["id"] != row.id:  # the cursor ran ahead of the detail
            detail = load_detail(self.cm.reader, row.id)
        # the detail counted the copies ("Gleichlautend: …"): the same answer, no query of its own
        same = detail.same_text if detail is not None else None
        if same is None:
            self.notify(t("notify.no_same_text"), markup=False)
            return
        self.apply_query(f"dup:{same.cluster}")

    def show_comments(self, comment_ids: list[int], label: str) -> None:
        """Limit the queue to given comments (e.g. a spike's), whatever their status."""
        self.filter = replace(QueueFilter(status="all"), comment_ids=tuple(comment_ids))
        self.query_text = label
        self.refresh_queue(keep_cursor=False)

    # -- other views ----------------------------------------------------------------------------
    def action_help(self) -> None:
        self.cm.action_help()

    def action_spikes(self) -> None:
        from cm_tui.ui.screens.spikes import SpikesScreen

        self.app.push_screen(SpikesScreen())

    def action_history(self) -> None:
        from cm_tui.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_handover(self) -> None:
        from cm_tui.ui.screens.handover import HandoverScreen

        self.app.push_screen(HandoverScreen())

    @work(thread=True, group="write", exit_on_error=False)
    def action_evidence(self) -> None:
        row = self.queue_view.current
        if row is None:
            return
        from cm_tui import paths
        from cm_tui.reports.evidence_package import write_package

        folder = paths.data_dir() / "evidence"
        folder.mkdir(parents=True, exist_ok=True)
        md, _json = write_package(self.cm.store, row.id, folder, user=self.cm.user, now=self.cm.now())
        self.app.call_from_thread(self.notify, t("notify.evidence", path=str(md)), markup=False, timeout=10)
        self.app.call_from_thread(self.refresh_queue)
