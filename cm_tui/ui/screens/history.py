"""``H``: the history — the log as a list, newest first, filterable with a ``/`` pattern.

The list is a virtual list like the queue: a line-API ScrollView over SQL pages (keyset from a
loaded neighbour, else OFFSET from the nearer end), so a million entries open and scroll
instantly. Enter shows the comment with its full trail; ``o`` shows it in the queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from cm_tui.clock import berlin
from cm_tui.reports import history
from cm_tui.reports.history import HistoryFilter, HistoryRow
from cm_tui.safe_text import clean, one_line
from cm_tui.store.detail import load_detail
from cm_tui.strings import t
from cm_tui.ui.widgets.detail import DetailPane, render_detail
from cm_tui.ui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp

PAGE = 200
ACTION_STYLE = {"hide": "yellow", "delete": "bold red", "block": "bold red", "report": "bold white on red",
                "escalate": "bold magenta", "approve": "green", "reply": "cyan", "undo": "dim italic",
                "shift_close": "bold blue", "evidence": "magenta"}
FILTER_HINT = ("user:anna action:hide,delete rule:R05 channel:Feuerwehr author:Max comment:123 since:8h until:2d "
               "— freie Wörter suchen in Begründung und Notiz; leer = alles")


def row_text(row: HistoryRow) -> Text:
    """One list line; everything from the log or the comment goes through one_line."""
    e = row.entry
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{berlin(e.at)} ", style="dim")
    text.append(f"{one_line(e.user, 12):<12} ", style="bold")
    text.append(f"{one_line(t('action.' + e.action), 22):<22} ", style=ACTION_STYLE.get(e.action, ""))
    if e.rules:
        text.append(" ".join(one_line(r, 8) for r in e.rules[:3]) + " ", style="yellow")
    if e.comment is not None:
        text.append(f"#{e.comment} ", style="dim")
        text.append(f"{one_line(row.owner or row.channel or row.platform or '?', 18)} ", style="italic")
        text.append(f"{one_line(row.author_name or '?', 16)}: ", style="bold")
        text.append(one_line(row.text, 200))
    else:
        extra = e.note or row.spike_text()
        text.append(one_line(extra, 200))
    if e.reason:
        text.append(f"  – {one_line(e.reason, 80)}", style="dim")
    return text


def entry_text(row: HistoryRow) -> Text:
    """The highlighted entry in full (above the comment detail)."""
    e = row.entry
    out = Text()
    out.append(f"Eintrag #{e.id}  ", style="bold")
    out.append(f"{berlin(e.at)}  {one_line(e.user)}  ")
    out.append(t("action." + e.action), style="bold " + ACTION_STYLE.get(e.action, ""))
    out.append("\n")
    for label, value in (("Regeln", ", ".join(e.rules)), ("Begründung", e.reason), ("Notiz", e.note),
                         ("Antwort", e.reply_text), ("Vorlage", e.template_id),
                         ("Ziel", e.data.get("target")), ("Bis", e.data.get("until")),
                         ("Von", e.data.get("from")), ("Lage", row.spike_text()), ("SHA-256", e.data.get("sha256"))):
        if value:
            out.append(f"{label}: ", style="dim")
            out.append(clean(str(value)) + "\n")
    if e.comment is not None:
        out.append("Enter: Kommentar mit vollständigem Protokoll · o: in der Warteschlange zeigen\n", style="dim")
    return out


class HistoryView(VirtualList[HistoryRow]):
    """Newest-first log entries of the current filter with a cursor; pages load in threads."""

    DEFAULT_CSS = "HistoryView { height: 1fr; }"
    empty_text = "Keine Protokolleinträge für diesen Filter."
    worker_group = "history-pages"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(page_size=PAGE, max_pages=10, id=id)
        self.filter = HistoryFilter()

    def page_hint(self, page: int) -> tuple[int | None, int | None]:
        """Keyset neighbours: a page next to a loaded one is read by id, not by a deep OFFSET."""
        start = page * PAGE
        above = self.window.get(start - 1) if start else None
        below = self.window.get(start + PAGE)
        return (above.entry.id if above else None, below.entry.id if below and not above else None)

    def fetch(self, page: int, hint: tuple[int | None, int | None]) -> list[HistoryRow]:
        cm: CmApp = self.app  # type: ignore[assignment]
        return history.fetch_page(cm.reader, self.filter, page * PAGE, PAGE, total=self.window.total,
                                  before_id=hint[0], after_id=hint[1])

    def row_key(self, row: HistoryRow) -> int:
        return row.entry.id

    def row_text(self, row: HistoryRow) -> Text:
        return row_text(row)


class HistoryScreen(Screen[None]):
    """The log, newest first, with a filter prompt and the selected comment's full trail."""

    BINDINGS = [
        Binding("escape,q", "close", "Zurück"),
        Binding("j,down", "move(1)", show=False),
        Binding("k,up", "move(-1)", show=False),
        Binding("g,home", "top", show=False),
        Binding("G,end", "bottom", show=False),
        Binding("pagedown,ctrl+d", "page(1)", show=False),
        Binding("pageup,ctrl+u", "page(-1)", show=False),
        Binding("enter", "open", "Kommentar + Protokoll"),
        Binding("o", "show_in_queue", "In Warteschlange"),
        Binding("slash", "search", "Filtern"),
        Binding("backspace", "clear", "Filter aufheben", show=False),
    ]
    DEFAULT_CSS = """
    HistoryScreen #history-header { height: 1; background: $primary; color: $text; padding: 0 1; }
    HistoryScreen #history-list { height: 55%; border-bottom: solid $accent; }
    HistoryScreen #history-detail { height: 1fr; padding: 0 1; }
    """

    @dataclass
    class Loaded(Message):
        total: int
        first_page: list[HistoryRow]
        keep_cursor: bool

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self._data_version: int | None = None
        self.total = 0

    @property
    def cm(self) -> CmApp:
        return self.app  # type: ignore[return-value]

    @property
    def view(self) -> HistoryView:
        return self.query_one(HistoryView)

    def compose(self) -> ComposeResult:
        yield Static(id="history-header")
        yield HistoryView(id="history-list")
        yield DetailPane(id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.view.focus()
        if self.query_text:
            self.apply_query(self.query_text)
        else:
            self.reload()
        self.set_interval(2.0, self._poll_changes)

    # -- data ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history-reload", exit_on_error=False)
    def reload(self, keep_cursor: bool = False) -> None:
        f = self.view.filter
        total = history.count(self.cm.reader, f)
        first = history.fetch_page(self.cm.reader, f, 0, PAGE, total=total)
        self.post_message(self.Loaded(total, first, keep_cursor))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        self.total = message.total
        self.view.reset(message.total, message.first_page, keep_cursor=message.keep_cursor)
        header = Text(f"Verlauf · {message.total} Einträge · Filter: ")
        header.append(one_line(history.describe(self.view.filter), 120))
        self.query_one("#history-header", Static).update(header)
        if message.total == 0:
            self.query_one(DetailPane).show(Text("Keine Protokolleinträge für diesen Filter.", style="dim"))

    def _poll_changes(self) -> None:
        with self.cm.reader.lock:
            version = self.cm.reader.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._data_version is not None and version != self._data_version:
            self.reload(keep_cursor=True)
        self._data_version = version

    def apply_query(self, text: str) -> bool:
        try:
            f = history.parse_history_query(text, now=self.cm.now(), user=self.cm.user)
        except history.HistoryQueryError as exc:
            self.notify(f"Filter nicht verstanden: {exc}", severity="error", markup=False)
            return False
        self.query_text = text
        self.view.filter = f
        self.reload()
        return True

    # -- detail -------------------------------------------------------------------------------
    @on(HistoryView.Highlighted)
    def _highlighted(self, message: HistoryView.Highlighted) -> None:
        pane = self.query_one(DetailPane)
        pane.show(entry_text(message.row) if message.row else Text(t("detail.none"), style="dim"))

    def action_open(self) -> None:
        row = self.view.current
        if row is None or row.entry.comment is None:
            return
        self._load_comment(row)

    @work(thread=True, exclusive=True, group="history-detail", exit_on_error=False)
    def _load_comment(self, row: HistoryRow) -> None:
        detail = load_detail(self.cm.reader, row.entry.comment)  # type: ignore[arg-type]
        text = entry_text(row)
        if detail is None:
            text.append("Kommentar nicht mehr in der Datenbank.", style="dim")
        else:
            text.append("\n")
            text.append_text(render_detail(detail, None, self.cm.user, self.cm.template_titles()))
        self.app.call_from_thread(self.query_one(DetailPane).show, text)

    def action_show_in_queue(self) -> None:
        row = self.view.current
        if row is None or row.entry.comment is None:
            return
        from cm_tui.ui.screens.main import MainScreen

        cid = row.entry.comment
        self.dismiss(None)
        main = self.app.screen
        if isinstance(main, MainScreen):
            main.show_comments([cid], f"Kommentar #{cid}")

    # -- keys ---------------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.view.move(delta)

    def action_top(self) -> None:
        self.view.cursor = 0

    def action_bottom(self) -> None:
        self.view.cursor = max(self.view.window.total - 1, 0)

    def action_page(self, direction: int) -> None:
        self.view.move(direction * self.view.page_rows)

    def action_search(self) -> None:
        from cm_tui.ui.screens.modals import Prompt

        def done(value: str | None) -> None:
            if value is not None:
                self.apply_query(value.strip())

        self.app.push_screen(Prompt("Verlauf filtern", self.query_text, FILTER_HINT), done)

    def action_clear(self) -> None:
        self.apply_query("")

    def action_close(self) -> None:
        self.dismiss(None)
