"""The one registry of keys: it drives the key bar (the Footer on other screens), the help screen,
the command palette and the README key table. Users rebind by id in ``config.toml`` under
``[keymap]`` (e.g. ``hide = "H"``)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from cm_tui.strings import language


@dataclass(frozen=True, slots=True)
class KeySpec:
    id: str
    keys: str
    action: str
    de: str
    en: str
    group: str
    show: bool = True

    @property
    def label(self) -> str:
        return self.en if language() == "en" else self.de


MOVE, DECIDE, FIND, VIEW = "Bewegen", "Entscheiden", "Finden", "Ansichten"

KEYS: tuple[KeySpec, ...] = (
    KeySpec("cursor_down", "j,down", "cursor_down", "Nächster Kommentar", "Next comment", MOVE, False),
    KeySpec("cursor_up", "k,up", "cursor_up", "Vorheriger Kommentar", "Previous comment", MOVE, False),
    KeySpec("cursor_top", "g,home", "cursor_top", "Zum Anfang", "To the top", MOVE, False),
    KeySpec("cursor_bottom", "G,end", "cursor_bottom", "Zum Ende", "To the end", MOVE, False),
    KeySpec("page_down", "pagedown,ctrl+d", "page_down", "Seite vor", "Page down", MOVE, False),
    KeySpec("page_up", "pageup,ctrl+u", "page_up", "Seite zurück", "Page up", MOVE, False),
    KeySpec("open", "enter", "open_detail", "Detail lesen (scrollen)", "Read detail (scroll)", MOVE, False),
    KeySpec("mark", "space", "toggle_mark", "Markieren", "Mark", DECIDE),
    KeySpec("mark_all", "asterisk", "mark_all", "Alle in dieser Ansicht markieren", "Mark all in this view", DECIDE, False),
    KeySpec("approve", "a", "decide('approve')", "Freigeben", "Approve", DECIDE),
    KeySpec("reply", "r", "reply", "Antworten", "Reply", DECIDE),
    KeySpec("hide", "h", "decide('hide')", "Ausblenden", "Hide", DECIDE),
    KeySpec("delete", "d", "decide('delete')", "Löschen", "Delete", DECIDE),
    KeySpec("escalate", "e", "decide('escalate')", "Eskalieren", "Escalate", DECIDE),
    KeySpec("report", "x", "decide('report')", "Straftat melden", "Report offence", DECIDE),
    KeySpec("block", "b", "decide('block')", "Autor/in sperren", "Block author", DECIDE),
    KeySpec("note", "n", "note", "Notiz", "Note", DECIDE),
    KeySpec("snooze", "s", "decide('snooze')", "Zurückstellen", "Snooze", DECIDE),
    KeySpec("undo", "u,z", "undo", "Rückgängig", "Undo", DECIDE),
    KeySpec("take_over", "t", "take_over", "Bearbeitung übernehmen", "Take over", DECIDE, False),
    KeySpec("evidence", "E", "evidence", "Beweise sichern", "Capture evidence", DECIDE, False),
    KeySpec("search", "slash", "search", "Suchen/Filtern", "Search/filter", FIND),
    KeySpec("same_text", "equals_sign", "same_text", "Gleichlautende zeigen (Copy-Paste)", "Show near-identical comments", FIND, False),
    KeySpec("views", "v", "views", "Gespeicherte Ansichten", "Saved views", FIND, False),
    KeySpec("clear", "escape", "clear", "Filter und Markierung aufheben", "Clear filter and marks", FIND, False),
    KeySpec("spikes", "L", "spikes", "Lage (Shitstorm-Frühwarnung)", "Alerts (spike warning)", VIEW, False),
    KeySpec("history", "H", "history", "Verlauf (Protokoll)", "History (log)", VIEW, False),
    KeySpec("handover", "U", "handover", "Schichtübergabe", "Shift handover", VIEW, False),
    KeySpec("help", "question_mark,f1", "help", "Hilfe", "Help", VIEW),
    KeySpec("quit", "ctrl+q", "quit", "Beenden", "Quit", VIEW, False),
)


def bindings(specs: tuple[KeySpec, ...] = KEYS) -> list[Binding]:
    return [Binding(s.keys, s.action, s.label, show=s.show, id=s.id) for s in specs]


def display_keys(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "space": "Leertaste", "escape": "Esc", "enter": "Enter",
             "pagedown": "Bild↓", "asterisk": "*", "equals_sign": "=", "pageup": "Bild↑", "down": "↓", "up": "↑", "home": "Pos1", "end": "Ende"}
    return " / ".join(names.get(k, k) for k in keys.split(","))


def key_table_markdown() -> str:
    """The README's key table, generated from the registry (a test keeps the README in sync)."""
    lines = ["| Taste | Aktion | id |", "| --- | --- | --- |"]
    for s in KEYS:
        lines.append(f"| `{display_keys(s.keys)}` | {s.de} | `{s.id}` |")
    return "\n".join(lines)
