"""The main screen's key bar: the shown bindings (from the registry in ``ui/bindings.py``) in one
line, as Textual's Footer shows them, and a click on a key presses it."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """One widget drawing one line of Text. Textual's Footer composes a widget per key and
    restyles each whenever the bindings change (at start, on a focus change, after every closed
    modal): on this screen's twenty keys ~70 ms of CSS work each time, a tenth of the start."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; color: $footer-foreground; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground;
        background: $footer-description-background; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of enabled keys

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        if screen is self.screen:
            self.refresh()

    def _shown(self) -> tuple[list[tuple[str, Binding, bool]], tuple[str, Binding, bool] | None]:
        """The shown bindings, one per action (as the Footer does), and the palette's."""
        per_action: dict[str, tuple[str, Binding, bool]] = {}
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (key, binding, enabled)
            elif binding.show and binding.action not in per_action:
                per_action[binding.action] = (key, binding, enabled)
        return list(per_action.values()), palette

    def _item(self, out: Text, key: str, binding: Binding, enabled: bool) -> None:
        start = out.cell_len
        out.append(f" {self.app.get_key_display(binding)} ", self.get_component_rich_style("key-bar--key"))
        out.append(f"{binding.description} ", self.get_component_rich_style("key-bar--description"))
        if enabled:
            self._spans.append((start, out.cell_len, key))
        else:
            out.stylize("dim", start)

    def render(self) -> Text:
        items, palette = self._shown()
        self._spans = []
        out = Text(no_wrap=True, overflow="crop", end="")
        for key, binding, enabled in items:
            self._item(out, key, binding, enabled)
        if palette is not None:  # at the right edge, over what does not fit
            spans, self._spans = self._spans, []
            tail = Text(no_wrap=True, end="")
            self._item(tail, *palette)
            tail = tail[1:]  # the bar ends "▏^p palette ", as the Footer's did
            self._spans = [(a - 1, b - 1, k) for a, b, k in self._spans]
            start = max(0, self.size.width - tail.cell_len - 1)
            out.truncate(start, pad=True)
            out.append("▏", style="dim")
            out.append_text(tail)
            self._spans = [s for s in spans if s[1] <= start] + [(start + 1 + a, start + 1 + b, k) for a, b, k in self._spans]
        return out

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
