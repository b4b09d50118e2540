"""The queue: a virtual list (line API over SQL pages). Only visible rows are ever rendered, and
only the pages around the viewport are held in memory, so a million comments scroll instantly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cm_tui.clock import parse_iso, utcnow
from cm_tui.safe_text import one_line
from cm_tui.store.queue import QueueRow
from cm_tui.store.window import QueueWindow
from cm_tui.strings import t

PLATFORM_ABBR = {"facebook": "FB", "instagram": "IG", "youtube": "YT", "mastodon": "MA", "x": "X ",
                 "tiktok": "TT", "linkedin": "LI", "csv": "CS"}
SEVERITY_BADGE = {4: ("KRIT", "bold white on red"), 3: ("HOCH", "bold black on dark_orange"),
                  2: ("MITT", "black on yellow"), 1: ("NIED", "black on grey62"), 0: ("INFO", "black on cyan")}
PageLoader = Callable[[int, int], list[QueueRow]]


def age(created: str | None, now: datetime) -> str:
    if not created:
        return "?"
    minutes = int((now - parse_iso(created)).total_seconds() // 60)
    if minutes < 60:
        return t("time.ago_m", n=max(minutes, 0))
    if minutes < 48 * 60:
        return t("time.ago_h", n=minutes // 60)
    return t("time.ago_d", n=minutes // 1440)


def row_text(row: QueueRow, *, marked: bool, user: str, now: datetime) -> Text:
    """One queue line. Everything from the comment goes through one_line (no escapes, no markup)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("● " if marked else "  ", style="bold magenta")
    badge, style = SEVERITY_BADGE.get(row.severity, ("    ", ""))
    text.append(badge, style=style)
    text.append(" ")
    text.append(PLATFORM_ABBR.get(row.platform, row.platform[:2].upper()), style="bold")
    text.append(" ")
    channel = one_line(row.owner or row.channel or "", 16)
    text.append(f"{channel:<16} ", style="italic" if row.owner else "")
    text.append(f"{age(row.created_at, now):>6} ", style="dim")
    text.append(f"{one_line(row.author_name or '?', 16):<16} ", style="bold")
    if row.spike:
        text.append("⚡", style="bold red")
    if row.claimed_by and row.claimed_by != user:
        text.append(f"🔒{one_line(row.claimed_by, 10)} ", style="reverse")
    elif row.state != "open":
        text.append(f"[{t('state.' + row.state)}] ", style="dim")
    for rule in row.rule_ids.split()[:3]:
        text.append(rule, style="bold red" if row.severity >= 3 else "yellow")
        text.append(" ")
    text.append(one_line(row.text, 300))
    return text


class QueueView(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of the current filter in priority order, with a cursor and marks.

    ScrollView's own scrolling keys are not inherited: every key comes from the registry in
    ``ui/bindings.py`` (bound on the screen), so rebinding in config.toml covers arrows too."""

    DEFAULT_CSS = """
    QueueView { height: 1fr; }
    """
    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor rests on a (possibly different) comment."""

        row: QueueRow | None

    @dataclass
    class PageLoaded(Message):
        page: int
        rows: list[QueueRow]
        generation: int

    def __init__(
        self, loader: PageLoader, user: str, *, now: Callable[[], datetime] = utcnow, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.loader = loader
        self.now = now
        self.user = user
        self.window: QueueWindow[QueueRow] = QueueWindow()
        self.marks: set[int] = set()
        self._last_highlight: int | None = -1

    # -- data ---------------------------------------------------------------------------------
    def reset(self, total: int, first_page: list[QueueRow], *, keep_cursor: bool = True) -> None:
        """New count and first page (after an action, a filter change or another instance's write)."""
        self.window.reset(total)
        self.window.put(0, first_page, self.window.generation)
        self.virtual_size = Size(self.size.width, total)
        cursor = min(self.cursor, max(total - 1, 0)) if keep_cursor else 0
        self._last_highlight = -1
        self.cursor = cursor
        self.refresh()

    def row_at(self, index: int) -> QueueRow | None:
        return self.window.get(index)

    @property
    def current(self) -> QueueRow | None:
        return self.window.get(self.cursor)

    def _request(self, index: int) -> None:
        page = self.window.needs(index)
        if page is not None:
            self._load(page, self.window.generation)

    @work(thread=True, group="queue-pages", exit_on_error=False)
    def _load(self, page: int, generation: int) -> None:
        rows = self.loader(page * self.window.page_size, self.window.page_size)
        self.post_message(self.PageLoaded(page, rows, generation))

    def on_queue_view_page_loaded(self, message: QueueView.PageLoaded) -> None:
        if self.window.put(message.page, message.rows, message.generation):
            self.refresh()
            self._announce()

    # -- rendering ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.window.total:
            if index == 0:
                return Strip([Segment(t("queue.empty"), Style(dim=True))]).adjust_cell_length(width)
            return Strip.blank(width)
        row = self.window.get(index)
        if row is None:
            self._request(index)
            return Strip([Segment(t("queue.loading"), Style(dim=True))]).adjust_cell_length(width)
        text = row_text(row, marked=row.id in self.marks, user=self.user, now=self.now())
        text.truncate(width, overflow="ellipsis", pad=True)
        strip = Strip(list(text.render(self.app.console, end="")), width)
        if index == self.cursor:
            strip = strip.apply_style(Style(reverse=True) if not self.has_focus else Style(bgcolor="blue", bold=True))
        return strip.crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.window.total)

    # -- cursor -------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        row = self.current
        if row is None and self.window.total:
            self._request(self.cursor)
            return
        rid = row.id if row else None
        if rid != self._last_highlight:
            self._last_highlight = rid
            self.post_message(self.Highlighted(row))

    def move(self, delta: int) -> None:
        if self.window.total:
            self.cursor = max(0, min(self.window.total - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_cursor_top(self) -> None:
        self.cursor = 0

    def action_cursor_bottom(self) -> None:
        self.cursor = max(self.window.total - 1, 0)

    def action_page_down(self) -> None:
        self.move(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self.move(-max(self.scrollable_content_region.height - 1, 1))

    def skip_taken(self) -> None:
        """Move past comments that others are working on (only within loaded rows)."""
        index = self.cursor
        while (row := self.window.get(index)) is not None and row.claimed_by not in (None, self.user):
            index += 1
        if self.window.get(index) is not None and index != self.cursor:
            self.cursor = index

    def toggle_mark(self) -> None:
        row = self.current
        if row is None:
            return
        self.marks.symmetric_difference_update({row.id})
        self.move(1)
        self.refresh()
