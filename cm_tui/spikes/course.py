"""A stored spike for people: its plot series on a true time axis, and its levels over time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cm_tui.clock import BERLIN, parse_iso

from .params import BUCKET_SECONDS, LEVEL_NAMES

STEP = timedelta(seconds=BUCKET_SECONDS)
MAX_POINTS = 14 * 288  # two weeks of 5-minute buckets: a longer spike shows its last two weeks


@dataclass(frozen=True, slots=True)
class Plot:
    """Comments and hostile comments per 5 minutes, one value per bucket from ``first`` to
    ``last`` (buckets without comments are zeros, so the x axis is time)."""

    first: datetime | None
    last: datetime | None
    volume: list[float]
    hostile: list[float]


def _when(value: str | datetime) -> datetime:
    return parse_iso(value) if isinstance(value, str) else value


def dense(series: Sequence[Sequence[object]]) -> Plot:
    """The stored series (``[time, comments, hostile]`` for buckets with comments only) as a
    gap-free series: a quiet stretch inside a spike must look quiet, not be left out."""
    points = sorted(((_when(p[0]), int(p[1]), int(p[2])) for p in series), key=lambda p: p[0])  # type: ignore[arg-type, call-overload]
    if not points:
        return Plot(None, None, [], [])
    last = points[-1][0]
    first = max(points[0][0], last - STEP * (MAX_POINTS - 1))
    n = int((last - first) / STEP) + 1
    volume, hostile = [0.0] * n, [0.0] * n
    for at, count, bad in points:
        i = int((at - first) / STEP)
        if 0 <= i < n:
            volume[i] += count
            hostile[i] += bad
    return Plot(first, last + STEP, volume, hostile)


def clock(at: datetime, day_of: datetime | None = None) -> str:
    """"17:40" on the day of ``day_of`` (Berlin time), "23.11. 08:05" on another day."""
    local = at.astimezone(BERLIN)
    if day_of is not None and local.date() == day_of.astimezone(BERLIN).date():
        return local.strftime("%H:%M")
    return local.strftime("%d.%m. %H:%M")


def course(levels: Sequence[Sequence[object]], end: str | datetime | None) -> str:
    """The levels over time in words: "17:40 Krise → 19:35 erhöhte Lage → 20:00 normal · beendet
    21:45" (repeated levels once; times in Berlin time, the date where the day changes)."""
    steps: list[tuple[datetime, int]] = []
    for at, level in levels:
        if not steps or steps[-1][1] != int(level):  # type: ignore[call-overload]
            steps.append((_when(at), int(level)))  # type: ignore[arg-type, call-overload]
    parts, day = [], None
    for at, level in steps:
        parts.append(f"{clock(at, day)} {LEVEL_NAMES.get(level, str(level))}")
        day = at
    text = " → ".join(parts)
    if end is not None:
        text += f" · beendet {clock(_when(end), day)}"
    else:
        text += " · läuft"
    return text
