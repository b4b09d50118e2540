"""A virtual list: a line-API ScrollView over pages of rows loaded in threads.

Only visible lines are rendered and only the pages around the viewport are kept, so a list of a
million rows opens and scrolls instantly. Subclasses say how a page is fetched and how a row looks.
The queue and the history are both built on it."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from cm_tui.store.window import QueueWindow
from cm_tui.strings import t

T = TypeVar("T")


def thumb_eighths(bar: ScrollBar, position: float) -> int:
    """Where Textual's ScrollBarRender starts the thumb, in eighths of a cell."""
    size, virtual, window = bar.size.height, ceil(bar.window_virtual_size), ceil(bar.window_size)
    if not (size and virtual and window < virtual):
        return 0
    thumb = max(1.0, window / (virtual / size))
    return int((size - thumb) * position / (virtual - window) * 8)


SCROLL_CONTEXT = 2  # rows kept in view beyond the cursor, where the list can scroll further


def scroll_target(top: int, cursor: int, height: int, total: int) -> int:
    """The first visible row once the cursor is on ``cursor``, the list showing ``height`` rows
    from ``top``. As in less or mutt: the list stays put while the cursor moves inside it; when the
    cursor comes within ``SCROLL_CONTEXT`` rows of an edge (or past it) and the list can move
    that way, it scrolls by about half a page, so the cursor rests in the middle with the rows
    around it in view. Scrolling redraws every visible row; moving the cursor only two, so a run
    of j redraws the list once every half page instead of on every press."""
    last_top = max(total - height, 0)
    context = min(SCROLL_CONTEXT, (height - 1) // 2)
    if (cursor < top + context and top > 0) or (cursor > top + height - 1 - context and top < last_top):
        return max(0, min(cursor - height // 2, last_top))
    return max(0, min(top, last_top))


class VirtualList(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """Rows with a cursor. ScrollView's scrolling keys are not inherited: keys come from the
    screen's bindings (the registry in ``ui/bindings.py``), and the viewport follows the cursor."""

    # Rows are cut to the width, never scrolled sideways: without overflow-x hidden, the width
    # taken by the vertical scrollbar made a horizontal one appear under the last row.
    DEFAULT_CSS = "VirtualList { height: 1fr; overflow-x: hidden; }"
    # No repaint of its own: the watcher draws only the lines that change (a plain reactive would
    # redraw every visible row on each cursor move).
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    empty_text = ""
    worker_group = "pages"

    @dataclass
    class Highlighted(Message):
        """The cursor rests on a (possibly different) row."""

        row: Any

        def can_replace(self, message: Message) -> bool:
            # Key repeat faster than a detail is built: a newer cursor move from the same list,
            # already waiting in the queue, supersedes this one (Textual drops this message).
            return isinstance(message, VirtualList.Highlighted) and message._sender is self._sender

    @dataclass
    class PageLoaded(Message):
        page: int
        rows: list[Any]
        generation: int

    def __init__(self, *, page_size: int = 200, max_pages: int = 20, id: str | None = None) -> None:
        super().__init__(id=id)
        self.window: QueueWindow[T] = QueueWindow(page_size=page_size, max_pages=max_pages)
        self._last_highlight: Hashable | None = -1
        # Drawn rows, so scrolling by one line draws one new row, not the whole viewport.
        self._strips: LRUCache[Hashable, Strip] = LRUCache(256)

    # -- what subclasses provide ------------------------------------------------------------------
    def fetch(self, page: int, hint: Any) -> list[T]:
        """Load one page (runs in a worker thread)."""
        raise NotImplementedError

    def page_hint(self, page: int) -> Any:
        """Whatever helps ``fetch`` (e.g. keyset neighbours), computed on the UI thread."""
        return None

    def row_text(self, row: T) -> Text:
        raise NotImplementedError

    def row_key(self, row: T) -> Hashable:
        raise NotImplementedError

    def row_look(self, row: T) -> Hashable | None:
        """Everything ``row_text`` depends on, if hashable; ``None`` draws the row every time."""
        return None

    # -- data -------------------------------------------------------------------------------------
    def reset(self, total: int, first_page: list[T], *, keep_cursor: bool = True) -> None:
        """New count and first page (after an action, a filter change or another instance's write)."""
        self.window.reset(total)
        self.window.put(0, first_page, self.window.generation)
        self.virtual_size = Size(self.size.width, total)
        # No new Highlighted when the same row is still under the cursor: a refresh caused by our
        # own claim must not claim again (which would refresh again, every two seconds).
        self.cursor = min(self.cursor, max(total - 1, 0)) if keep_cursor else 0
        self.refresh()

    def row_at(self, index: int) -> T | None:
        return self.window.get(index)

    @property
    def current(self) -> T | None:
        return self.window.get(self.cursor)

    def _request(self, index: int) -> None:
        page = self.window.needs(index)
        if page is not None:
            generation, hint = self.window.generation, self.page_hint(page)
            self.run_worker(lambda: self._load(page, generation, hint), thread=True, group=self.worker_group,
                            exit_on_error=False)

    def _load(self, page: int, generation: int, hint: Any) -> None:
        """In a worker thread: fetch, then hand the rows to the UI thread as a message."""
        self.post_message(self.PageLoaded(page, self.fetch(page, hint), generation))

    def on_virtual_list_page_loaded(self, message: VirtualList.PageLoaded) -> None:
        message.stop()
        if self.window.put(message.page, message.rows, message.generation):
            first = message.page * self.window.page_size
            top = self.scroll_offset.y
            if first < top + self.size.height and first + len(message.rows) > top:
                self.refresh()  # a page read ahead is drawn when it scrolls into view
            self._announce()

    # -- rendering --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.window.total:
            if index == 0:
                return Strip([Segment(self.empty_text, Style(dim=True))]).adjust_cell_length(width)
            return Strip.blank(width)
        row = self.window.get(index)
        if row is None:
            self._request(index)
            return Strip([Segment(t("queue.loading"), Style(dim=True))]).adjust_cell_length(width)
        look = self.row_look(row)
        strip = self._strips.get((look, width)) if look is not None else None
        if strip is None:
            text = self.row_text(row)
            text.truncate(width, overflow="ellipsis", pad=True)
            strip = Strip(list(text.render(self.app.console, end="")), width)
            if look is not None:
                self._strips[(look, width)] = strip
        if index == self.cursor:
            strip = strip.apply_style(Style(bgcolor="blue", bold=True) if self.has_focus else Style(reverse=True))
        return strip.crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.window.total)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # The scrollbar is told only when its thumb moves (in a long list once per thousands of
        # rows): drawing the bar again for every line scrolled was a quarter of each frame.
        bar = self.vertical_scrollbar if self.show_vertical_scrollbar else None
        if bar is not None and thumb_eighths(bar, new_value) != thumb_eighths(bar, bar.position):
            bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    # -- cursor -----------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        target = scroll_target(top, new, max(self.scrollable_content_region.height, 1), self.window.total)
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)
            self.refresh()
        else:
            # Only the two lines whose highlight changed are drawn again (j/k stay cheap).
            self.refresh_line(old)
            self.refresh_line(new)
        # The pages two screens ahead and behind are read in advance: page keys and key repeat
        # then rarely wait for a worker (a frame of "loading" rows, then another).
        height = max(self.size.height, 1)
        self._request(new + 2 * height)
        self._request(new - 2 * height)
        self._announce()

    def _announce(self) -> None:
        row = self.current
        if row is None and self.window.total:
            self._request(self.cursor)
            return
        key = self.row_key(row) if row is not None else None
        if key != self._last_highlight:
            self._last_highlight = key
            self.post_message(self.Highlighted(row))

    @property
    def page_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

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
        self.move(self.page_rows)

    def action_page_up(self) -> None:
        self.move(-self.page_rows)
