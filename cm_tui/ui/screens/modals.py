"""Small modal screens: pickers, text prompts, confirmations. Each returns its value by dismiss()."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from cm_tui.strings import t


@dataclass(frozen=True, slots=True)
class Picked:
    """What a picker returns: the chosen option id and the text typed in its second field."""

    id: str
    text: str


class Picker(ModalScreen[Picked | None]):
    """A filterable list of options; optional second field for a reason or note.

    Typing filters (fuzzy), up/down move, Enter picks, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    Picker OptionList { height: auto; max-height: 16; }
    Picker .hint { color: $text-muted; }
    """

    def __init__(
        self, title: str, options: Sequence[tuple[str, str]], *, hint: str = "", field_label: str | None = None,
        field_defaults: dict[str, str] | None = None, filterable: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.hint = hint
        self.field_label = field_label
        self.field_defaults = field_defaults or {}
        self.filterable = filterable

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            if self.hint:
                yield Static(Text(self.hint), classes="hint")
            if self.filterable:
                yield Input(placeholder="Filter …", id="filter")
            yield OptionList(*[Option(Text(label), id=oid) for oid, label in self.options], id="options")
            if self.field_label is not None:
                yield Label(Text(self.field_label))
                yield Input(id="field")

    def on_mount(self) -> None:
        options = self.query_one("#options", OptionList)
        if self.options:
            options.highlighted = 0
        self._sync_field()
        (self.query_one("#filter", Input) if self.filterable else options).focus()

    def _sync_field(self) -> None:
        if self.field_label is None:
            return
        oid = self._highlighted_id()
        field = self.query_one("#field", Input)
        if oid is not None and not getattr(self, "_field_touched", False):
            field.value = self.field_defaults.get(oid, "")

    def _highlighted_id(self) -> str | None:
        options = self.query_one("#options", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one("#options", OptionList)
        options.clear_options()
        query = event.value.strip()
        if query:
            labels = {oid: f"{oid} {label}" for oid, label in self.options}
            from rapidfuzz import fuzz, process, utils  # only once someone types into a picker

            hits = process.extract(query, labels, scorer=fuzz.WRatio, processor=utils.default_process, limit=None)
            keep = {key for _label, score, key in hits if score >= 50}
            q = query.casefold()
            # a typed id ("R13", "T04a") wins over fuzzy look-alikes ("R11" scores the same)
            keep |= {oid for oid, _label in self.options if oid.casefold().startswith(q)}
            score = {key: sc for _l, sc, key in hits}
            shown = [(oid, label) for oid, label in self.options if oid in keep]
            shown.sort(key=lambda o: (o[0].casefold() != q, not o[0].casefold().startswith(q), -score.get(o[0], 0)))
        else:
            shown = self.options
        options.add_options([Option(Text(label), id=oid) for oid, label in shown])
        if shown:
            options.highlighted = 0
        self._sync_field()

    @on(Input.Changed, "#field")
    def _touched(self, event: Input.Changed) -> None:
        oid = self._highlighted_id()
        self._field_touched = event.value != self.field_defaults.get(oid or "", "")

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._sync_field()

    def action_move(self, delta: int) -> None:
        options = self.query_one("#options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _submit(self) -> None:
        oid = self._highlighted_id()
        if oid is None:
            return
        text = self.query_one("#field", Input).value.strip() if self.field_label is not None else ""
        self.dismiss(Picked(oid, text))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Prompt(ModalScreen[str | None]):
    """One line of text (a note, a search)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical { width: 90; max-width: 95%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    Prompt .hint { color: $text-muted; }
    """

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            if self.hint:
                yield Static(Text(self.hint), classes="hint")
            yield Input(value=self.value, id="prompt")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Yes or no, for destructive and bulk actions."""

    BINDINGS = [
        Binding("y,j", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 70; max-width: 95%; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question, style="bold"))
            yield Static(Text(f"{t('modal.yes')}   {t('modal.no')}", style="dim"))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ReplyEditor(ModalScreen[str | None]):
    """Edit the rendered reply before it is copied and logged."""

    BINDINGS = [
        Binding("ctrl+s", "save", show=False, priority=True),
        Binding("escape", "cancel", show=False),
    ]
    DEFAULT_CSS = """
    ReplyEditor { align: center middle; }
    ReplyEditor > Vertical { width: 100; max-width: 95%; height: 24; border: thick $accent; background: $surface; padding: 0 1; }
    ReplyEditor TextArea { height: 1fr; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(t("modal.edit_title"), style="bold"))
            yield TextArea(self.text, id="reply-text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
