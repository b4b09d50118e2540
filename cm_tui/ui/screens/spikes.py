"""``L``: the spike (shitstorm early-warning) view: events with level, plot, drivers; filter the
queue to a spike's comments, acknowledge and resolve (both logged)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from cm_tui.clock import berlin
from cm_tui.safe_text import one_line
from cm_tui.spikes.course import clock, course, dense
from cm_tui.store.spike_rows import load_spikes
from cm_tui.store import log
from cm_tui.strings import t

if TYPE_CHECKING:
    from cm_tui.ui.app import CmApp

LEVEL_STYLE = {0: "dim", 1: "yellow", 2: "dark_orange", 3: "bold red", 4: "bold white on red"}


def spike_label(s: dict[str, Any], status: str) -> Text:
    level = int(s["peak_level"])
    text = Text()
    text.append(f" {t(f'level.{level}')} ", style=LEVEL_STYLE.get(level, ""))
    text.append(f" {berlin(str(s['start']))}  ")
    text.append(one_line(str(s["scope_label"] or s["scope_key"]), 50), style="bold")
    text.append(f"  {'läuft' if not s['end'] else 'beendet'}{status}", style="dim")
    return text


class SpikesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Zurück"),
        Binding("f", "filter", "Kommentare zeigen"),
        Binding("a", "ack", "Bestätigen"),
        Binding("r", "resolve", "Beenden"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    SpikesScreen OptionList { height: 40%; }
    SpikesScreen #plot-volume, SpikesScreen #plot-hostile { height: 4; margin: 0 1; }
    SpikesScreen #explanation, SpikesScreen #course { padding: 0 1; height: auto; }
    SpikesScreen Label { padding: 0 1; }
    SpikesScreen #axis { height: 1; }
    SpikesScreen #axis-start { width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.spikes: list[dict[str, Any]] = []
        self.status: dict[str, str] = {}

    @property
    def cm(self) -> CmApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Label(Text("Lage: Shitstorm-Frühwarnung", style="bold"))
        yield OptionList(id="spike-list")
        with Vertical():
            yield Static(id="explanation")
            yield Static(id="course")
            yield Label("Kommentare je 5 Minuten", id="volume-label")
            yield Sparkline([], id="plot-volume")
            yield Label("davon mit Regelverstoß", id="hostile-label")
            yield Sparkline([], id="plot-hostile")
            with Horizontal(id="axis"):  # the plots' time axis: both run from the first bucket to the last
                yield Label(id="axis-start")
                yield Label(id="axis-end")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Re-read spikes and their ack/resolve status; the highlighted spike stays highlighted."""
        keep = self._current()
        self.spikes = load_spikes(self.cm.reader)
        entries = [e for e in log.read_log(self.cm.reader) if e.action in ("spike_ack", "spike_resolve")]
        self.status = {}
        for e in entries:
            sid = str(e.data.get("spike"))
            word = "bestätigt" if e.action == "spike_ack" else "erledigt"
            self.status[sid] = f" · {word} von {one_line(e.user)} {berlin(e.at)}"
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(spike_label(s, self.status.get(str(s["id"]), "")), id=str(s["id"])) for s in self.spikes])
        if self.spikes:
            ids = [s["id"] for s in self.spikes]
            index = ids.index(keep["id"]) if keep is not None and keep["id"] in ids else 0
            options.highlighted = index
            self._show(index)
        else:
            self.query_one("#explanation", Static).update(Text("Keine Auffälligkeiten erkannt.", style="dim"))
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        s = self.spikes[index]
        self.query_one("#explanation", Static).update(Text(one_line(str(s["explanation"]), 2000)))
        self.query_one("#course", Static).update(Text(f"Verlauf: {course(s['levels'], s['end'])}", style="dim"))
        plot = dense(s["series"])
        self.query_one("#plot-volume", Sparkline).data = plot.volume or [0.0]
        self.query_one("#plot-hostile", Sparkline).data = plot.hostile or [0.0]
        self.query_one("#volume-label", Label).update(Text(f"Kommentare je 5 Minuten (höchstens {max(plot.volume, default=0):.0f})"))
        self.query_one("#hostile-label", Label).update(Text(f"davon mit Regelverstoß (höchstens {max(plot.hostile, default=0):.0f})"))
        start = berlin(plot.first) if plot.first else ""
        self.query_one("#axis-start", Label).update(Text(start, style="dim"))
        self.query_one("#axis-end", Label).update(Text(clock(plot.last, plot.first) if plot.last else "", style="dim"))

    def _current(self) -> dict[str, Any] | None:
        index = self.query_one(OptionList).highlighted
        return self.spikes[index] if index is not None and self.spikes else None

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = max(0, min(options.option_count - 1, (options.highlighted or 0) + delta))

    def action_filter(self) -> None:
        s = self._current()
        if s is None:
            return
        from cm_tui.ui.screens.main import MainScreen

        self.dismiss(None)
        main = self.app.screen
        if isinstance(main, MainScreen):
            main.show_comments([int(c) for c in s["comment_ids"]], f"Lage: {one_line(str(s['scope_label']), 30)}")

    def action_ack(self) -> None:
        if (s := self._current()) is not None:
            self._log("spike_ack", s)

    def action_resolve(self) -> None:
        if (s := self._current()) is not None:
            self._log("spike_resolve", s)

    @work(thread=True, group="write", exit_on_error=False)
    def _log(self, action: str, s: dict[str, Any]) -> None:
        data = {"spike": s["id"], "level": s["peak_level"], "label": s["scope_label"], "start": s["start"]}
        log.append(self.cm.store, self.cm.user, action, [None], data=data, now=self.cm.now())
        self.app.call_from_thread(self.reload)
        self.app.call_from_thread(self.notify, t(f"action.{action}"), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
