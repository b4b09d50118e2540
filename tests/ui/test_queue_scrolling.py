"""How the queue scrolls under j/k and the page keys: the cursor moves one comment per key, the
list stays put until the cursor nears an edge, then moves by half a page (as in less and mutt)."""

from __future__ import annotations

from pathlib import Path

from cm_tui.ui.app import CmApp
from cm_tui.ui.widgets.detail import DetailPane
from cm_tui.ui.widgets.queue_view import QueueView
from cm_tui.ui.widgets.virtual_list import SCROLL_CONTEXT
from tests.conftest import NOW
from tests.ui.conftest import settle


def _visible(view: QueueView) -> tuple[int, int]:
    """The first visible row and the cursor's line on screen."""
    return view.scroll_offset.y, view.cursor - view.scroll_offset.y


async def test_j_and_k_scroll_by_half_a_page_near_the_edges(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        height = view.scrollable_content_region.height
        assert height >= 8 and view.window.total > 3 * height, "the sample queue fills several pages"
        pane = app.screen.query_one(DetailPane)
        bottom = height - 1 - SCROLL_CONTEXT  # the last line the cursor reaches without scrolling
        for step in range(1, bottom + 1):
            await pilot.press("j")
            assert view.cursor == step and _visible(view) == (0, step)  # only the cursor moves
        await pilot.press("j")  # into the bottom margin: the list moves by half a page
        assert view.cursor == bottom + 1
        top, line = _visible(view)
        assert top == bottom + 1 - height // 2 and line == height // 2
        await settle(pilot)
        assert pane.key == view.current.id  # and the detail follows the cursor
        for _ in range(line - 1 - SCROLL_CONTEXT):  # the next presses only move the cursor again
            await pilot.press("j")
            assert _visible(view)[0] == top
        # k is symmetric: the list stays put until the cursor nears the top edge.
        cursor = view.cursor
        for step in range(1, view.cursor - top - SCROLL_CONTEXT + 1):
            await pilot.press("k")
            assert view.cursor == cursor - step and _visible(view)[0] == top
        await pilot.press("k")
        assert view.cursor == top + SCROLL_CONTEXT - 1
        assert _visible(view) == (max(0, view.cursor - height // 2), min(view.cursor, height // 2))
        await pilot.press("g")
        assert _visible(view) == (0, 0)


async def test_page_keys_move_the_list_by_a_page_and_end_at_the_last_comment(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        height, total = view.scrollable_content_region.height, view.window.total
        await pilot.press("pagedown")
        assert view.cursor == height - 1 and _visible(view) == (height - 1 - height // 2, height // 2)
        await pilot.press("pagedown")  # from the middle: list and cursor move a page together
        assert view.cursor == 2 * (height - 1) and _visible(view)[1] == height // 2
        await pilot.press("pageup")
        assert view.cursor == height - 1 and _visible(view)[1] == height // 2
        await pilot.press("G")
        await settle(pilot)
        assert view.cursor == total - 1 and _visible(view) == (total - height, height - 1)


async def test_pages_ahead_are_read_before_the_page_keys_reach_them(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        view.window.page_size = 10  # the sample queue is one default page; small ones show the reading ahead
        app.screen.refresh_queue(keep_cursor=False)
        await settle(pilot)
        height = view.size.height
        assert view.window.total > 3 * height
        for _ in range(3):
            await pilot.press("pagedown")
            await settle(pilot, groups={"queue-pages"})
            ahead = min(view.cursor + 2 * height, view.window.total - 1)
            assert view.row_at(ahead) is not None  # read before any key has shown it
            top = view.scroll_offset.y
            assert all(view.row_at(i) is not None for i in range(top, min(top + height, view.window.total)))
