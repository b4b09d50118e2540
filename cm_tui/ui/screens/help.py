"""``?``: every key, grouped, from the binding registry and the keymap in force."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cm_tui.strings import t
from cm_tui.ui.bindings import KEYS, display_keys


def key_table(keymap: dict[str, str]) -> Table:
    table = Table(title=t("help.title"), expand=True, show_edge=False)
    table.add_column("Taste", style="bold cyan", no_wrap=True)
    table.add_column("Aktion")
    table.add_column("Gruppe", style="dim")
    for spec in KEYS:
        table.add_row(display_keys(keymap.get(spec.id, spec.keys)), Text(spec.label), spec.group)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", show=False)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 90%; border: thick $accent; background: $surface; }
    """

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(key_table(self.keymap))
            yield Static(Text("Strg+P: Befehlspalette mit allen Aktionen · Esc schließt", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
