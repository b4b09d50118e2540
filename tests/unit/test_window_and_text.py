"""Pure helpers of the UI: the page cache and hostile-text cleaning."""

from __future__ import annotations

from cm_tui.safe_text import clean, one_line
from cm_tui.store.window import QueueWindow


def test_window_requests_each_page_once_and_drops_stale_loads() -> None:
    w: QueueWindow[int] = QueueWindow(page_size=10, max_pages=2)
    w.reset(35)
    assert w.get(12) is None
    assert w.needs(12) == 1
    assert w.needs(15) is None  # already requested
    stale_generation = w.generation
    w.reset(35)  # data changed while the load was in flight
    assert w.put(1, list(range(10, 20)), stale_generation) is False
    assert w.needs(12) == 1
    assert w.put(1, list(range(10, 20)), w.generation)
    assert w.get(12) == 12
    w.put(0, list(range(10)), w.generation)
    w.put(3, [30, 31, 32, 33, 34], w.generation)  # evicts the least recently used page (1)
    assert w.get(12) is None and w.get(34) == 34 and w.get(35) is None


def test_clean_removes_escapes_controls_and_bidi_but_keeps_markup_literal() -> None:
    hostile = "Hallo\x1b[2J\x1b[31mrot\x1b[0m \x1b]0;Titel\x07[bold red]x[/] \u202eevil\u202c\x00\x07"
    assert clean(hostile) == "Hallorot [bold red]x[/] evil"
    assert one_line("erste\nzweite", 8) == "erste z…"
    assert clean("Zeile 1\nZeile 2\tTab") == "Zeile 1\nZeile 2    Tab"


def test_scroll_target_keeps_the_list_still_until_the_cursor_nears_an_edge() -> None:
    from cm_tui.ui.widgets.virtual_list import SCROLL_CONTEXT, scroll_target

    height, total = 20, 1000
    inside = range(0, height - SCROLL_CONTEXT)
    assert {scroll_target(0, c, height, total) for c in inside} == {0}
    assert scroll_target(0, height - SCROLL_CONTEXT, height, total) == height - SCROLL_CONTEXT - height // 2
    assert scroll_target(100, 100 + SCROLL_CONTEXT - 1, height, total) == 100 + SCROLL_CONTEXT - 1 - height // 2
    assert scroll_target(100, 500, height, total) == 490  # a jump: the cursor lands in the middle
    assert scroll_target(970, 999, height, total) == 980  # never past the last row
    assert scroll_target(5, 5, height, total) == 0 and scroll_target(0, 0, height, 3) == 0
    assert scroll_target(50, 10, height, 30) == 0  # the list shrank under the cursor


def test_detail_lines_are_the_cells_rich_wraps() -> None:
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    from cm_tui.ui.widgets.detail import wrap_lines

    console, width = Console(width=60, force_terminal=True, color_system="truecolor"), 40
    options = console.options.update(width=width, height=None, no_wrap=False, overflow="fold")
    texts = [
        Text.assemble(("KRIT", "bold white on red"), " kurz\n\n", ("a" * 40, "underline"), "\n" + "b" * 41 + "\nende\n"),
        Text("Wörter " * 20 + "\n" + "漢字" * 11 + "\n" + "x" * 200),
        Text("mit eigenem Stil  \nzweite", style="dim"),
        Text(""),
    ]

    def cells(strips):  # type: ignore[no-untyped-def]
        return [[(ch, seg.style or Style()) for seg in strip for ch in seg.text] for strip in strips]

    for text in texts:
        lines = wrap_lines(text, console, width)
        assert {line.cell_length for line in lines} == {width}
        assert cells(lines) == cells(console.render_lines(text, options, pad=True))
