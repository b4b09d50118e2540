"""``U``: the shift handover in the app — the report since the last handover (or the last 8 h),
a key to write the note and close the shift, and the modal that shows the previous note at start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, Static, TextArea

from cm_tui.clock import berlin, parse_iso
from cm_tui.model import LogEntry
from cm_tui.reports.handover import Handover, build_handover, close_shift, last_handover, since_last_close
from cm_tui.reports.render_handover import sections
from cm_tui.safe_text import clean, one_line
from cm_tui.ui.screens.last_note import LastNoteModal

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp

__all__ = ["HandoverNoteModal", "HandoverScreen", "LastNoteModal", "last_handover", "report_text"]

HEAD_STYLE = {"Offene Eskalationen und Strafanzeigen": "bold red", "Übergabenotiz": "bold magenta",
              "Vorherige Übergabe": "bold magenta"}


def report_text(report: Handover) -> Text:
    """The handover as rich Text (user data cleaned by the shared section builder)."""
    out = Text()
    for title, lines in sections(report):
        out.append(f"{title}\n", style=HEAD_STYLE.get(title, "bold underline"))
        for line in lines:
            style = "bold red" if ("ABGELAUFEN" in line or "HEUTE" in line) else ""
            out.append(f"  • {line}\n", style=style)
        out.append("\n")
    return out


class HandoverNoteModal(ModalScreen[str | None]):
    """Write the handover note; Ctrl+S closes the shift with it, Esc cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Schicht schließen", priority=True), Binding("escape", "cancel", "Abbrechen")]
    DEFAULT_CSS = """
    HandoverNoteModal { align: center middle; }
    HandoverNoteModal > Vertical { width: 90; max-width: 95%; height: 16; border: thick $accent; background: $surface; padding: 0 1; }
    HandoverNoteModal TextArea { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Übergabenotiz für die nächste Schicht — Strg+S schließt die Schicht, Esc bricht ab",
                             style="bold"))
            yield TextArea(id="handover-note", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandoverScreen(Screen[None]):
    """The handover report since the last shift close; ``n`` writes the note and closes the shift."""

    BINDINGS = [
        Binding("escape,q", "close", "Zurück"),
        Binding("n", "close_shift", "Notiz + Schicht schließen"),
        Binding("p", "toggle_period", "Zeitraum"),
        Binding("r", "reload", "Neu laden"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
        Binding("pagedown,ctrl+d", "scroll(20)", show=False),
        Binding("pageup,ctrl+u", "scroll(-20)", show=False),
    ]
    DEFAULT_CSS = """
    HandoverScreen #handover-header { height: 1; background: $primary; color: $text; padding: 0 1; }
    HandoverScreen #handover-scroll { height: 1fr; padding: 0 1; }
    """

    @dataclass
    class Built(Message):
        report: Handover
        label: str

    def __init__(self) -> None:
        super().__init__()
        self.since_last = True
        self.report: Handover | None = None

    @property
    def cm(self) -> CmApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="handover-header")
        with VerticalScroll(id="handover-scroll"):
            yield Static(Text("lädt …", style="dim"), id="handover-body")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    @work(thread=True, exclusive=True, group="handover", exit_on_error=False)
    def action_reload(self) -> None:
        now = self.cm.now()
        since = since_last_close(self.cm.reader, now) if self.since_last else None
        label = "seit der letzten Übergabe" if since else "letzte 8 Stunden"
        report = build_handover(self.cm.reader, since=since or now - timedelta(hours=8), now=now)
        self.post_message(self.Built(report, label))

    def on_handover_screen_built(self, message: Built) -> None:
        self.report = message.report
        self.query_one("#handover-header", Static).update(
            Text(f"Schichtübergabe · {message.label} · n: Notiz schreiben und Schicht schließen · p: Zeitraum"))
        self.query_one("#handover-body", Static).update(report_text(message.report))

    def action_toggle_period(self) -> None:
        self.since_last = not self.since_last
        self.action_reload()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#handover-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)

    def action_close_shift(self) -> None:
        def done(note: str | None) -> None:
            if note is not None:
                self._close(note)

        self.app.push_screen(HandoverNoteModal(), done)

    @work(thread=True, group="write", exit_on_error=False)
    def _close(self, note: str) -> None:
        since = parse_since(self.report)
        close_shift(self.cm.store, self.cm.user, note, since=since, now=self.cm.now())
        self.app.call_from_thread(self.notify, "Schicht geschlossen, Übergabenotiz gespeichert.", markup=False)
        self.app.call_from_thread(self.action_reload)

    def action_close(self) -> None:
        self.dismiss(None)


def parse_since(report: Handover | None) -> datetime | None:
    """Start of the period the shown report covers (recorded on the shift_close entry)."""
    return parse_iso(report.since) if report else None
