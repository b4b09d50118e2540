"""The queue: the virtual list of comments (see ``virtual_list.py``) and how one row looks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text

from cm_tui.clock import parse_iso, utcnow
from cm_tui.safe_text import one_line
from cm_tui.store.queue import QueueRow
from cm_tui.strings import t
from cm_tui.ui.widgets.virtual_list import VirtualList

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


class QueueView(VirtualList[QueueRow]):
    """The queue of the current filter in priority order, with a cursor and marks."""

    DEFAULT_CSS = "QueueView { height: 1fr; }"
    worker_group = "queue-pages"

    def __init__(
        self, loader: PageLoader, user: str, *, now: Callable[[], datetime] = utcnow, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.loader = loader
        self.now = now
        self.user = user
        self.marks: set[int] = set()

    @property
    def empty_text(self) -> str:  # type: ignore[override]
        return t("queue.empty")

    def fetch(self, page: int, hint: object) -> list[QueueRow]:
        return self.loader(page * self.window.page_size, self.window.page_size)

    def row_key(self, row: QueueRow) -> int:
        return row.id

    def row_text(self, row: QueueRow) -> Text:
        return row_text(row, marked=row.id in self.marks, user=self.user, now=self.now())

    def row_look(self, row: QueueRow) -> tuple[QueueRow, bool, datetime]:
        # The row's values (a frozen dataclass), its mark, and the minute its age is counted to.
        return row, row.id in self.marks, self.now().replace(second=0, microsecond=0)

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
