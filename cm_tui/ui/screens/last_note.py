"""The note the previous shift left, shown over the queue at start. Its own small module: the
app imports it on the way to the first paint, the handover report (a heavier import) it does not need."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from cm_tui.clock import berlin
from cm_tui.model import LogEntry
from cm_tui.safe_text import clean, one_line


class LastNoteModal(ModalScreen[None]):
    """Shows the note the previous shift left; any of Enter/Esc/q closes it."""

    BINDINGS = [Binding("escape,enter,q,space", "close", "OK")]
    DEFAULT_CSS = """
    LastNoteModal { align: center middle; }
    LastNoteModal > Vertical { width: 80; max-width: 95%; height: auto; max-height: 80%; border: thick $accent;
        background: $surface; padding: 1 2; }
    """

    def __init__(self, entry: LogEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        head = Text("Übergabe der letzten Schicht\n", style="bold")
        head.append(f"{berlin(self.entry.at)} von {one_line(self.entry.user)}\n\n", style="dim")
        head.append(clean(self.entry.note) if self.entry.note else "(keine Notiz)")
        head.append("\n\nU: ganzer Übergabebericht · Enter/Esc: schließen", style="dim")
        with Vertical():
            yield Static(head, id="last-note")

    def action_close(self) -> None:
        self.dismiss(None)
