"""A position → row page cache for the virtual queue list. Pure: no SQL, no Textual."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")


class QueueWindow(Generic[T]):
    """Holds a few pages of rows around where the user looks; evicts the least recently used."""

    def __init__(self, page_size: int = 200, max_pages: int = 20) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.total = 0
        self.generation = 0
        self._pages: OrderedDict[int, list[T]] = OrderedDict()
        self._requested: set[int] = set()

    def page_of(self, index: int) -> int:
        return index // self.page_size

    def get(self, index: int) -> T | None:
        """The row at ``index`` if its page is loaded, else ``None``."""
        if not 0 <= index < self.total:
            return None
        page = self._pages.get(self.page_of(index))
        if page is None:
            return None
        self._pages.move_to_end(self.page_of(index))
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def needs(self, index: int) -> int | None:
        """The page to request for ``index``, or ``None`` if loaded or already requested."""
        if not 0 <= index < self.total:
            return None
        page = self.page_of(index)
        if page in self._pages or page in self._requested:
            return None
        self._requested.add(page)
        return page

    def put(self, page: int, rows: list[T], generation: int) -> bool:
        """Store a loaded page unless it belongs to an older generation (the data changed since)."""
        self._requested.discard(page)
        if generation != self.generation:
            return False
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return True

    def reset(self, total: int) -> None:
        """New data or filter: forget every page; loads still in flight are ignored."""
        self.total = total
        self.generation += 1
        self._pages.clear()
        self._requested.clear()
