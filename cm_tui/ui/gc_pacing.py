"""When the garbage collector may run a full collection: while the keys rest, not during key repeat.

CPython runs a full (oldest-generation) collection whenever enough objects have survived the
younger ones. In this app that happened 14 times in the benchmark's 400 presses (j, page down,
k on the 1M-comment database), 20-37 ms each of the 50 ms a press may take, even with everything
alive at the first paint frozen. The pacer takes the automatic full
collections away and runs them itself, once the keys have rested; the young generations are still
collected as usual (at CPython's thresholds: raising the youngest one to 5,000 or 10,000 made
fewer collections but single ones of 20-45 ms). Nothing here knows Textual: the app calls
``tick`` from a timer.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

# Never run automatically: the oldest generation waits for ``tick``.
NEVER = 1 << 30


@dataclass
class GcPacer:
    """Full collections at rest. ``max_pending`` bounds how long one may be put off: after that
    many middle-generation collections (minutes of continuous key repeat) it runs anyway."""

    rest_seconds: float = 1.0
    max_pending: int = 1000
    min_pending: int = 10  # what CPython's own threshold for the oldest generation is
    _saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Take the automatic full collections away (idempotent)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _old = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give the collector its own thresholds back."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def due(self, rested: float) -> bool:
        """Whether a full collection should run now, the keys having rested ``rested`` seconds."""
        pending = gc.get_count()[2]  # middle-generation collections since the last full one
        if pending >= self.max_pending:
            return True
        return pending >= self.min_pending and rested >= self.rest_seconds

    def tick(self, rested: float) -> bool:
        """Run a full collection if one is due; returns whether it ran."""
        if self._saved is None or not self.due(rested):
            return False
        gc.collect()
        return True
