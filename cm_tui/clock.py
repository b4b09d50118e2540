"""UTC time in one place, so tests can inject a fixed clock."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
BERLIN = ZoneInfo("Europe/Berlin")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """UTC ISO-8601 with a Z, microseconds kept (log entries sort by it)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def berlin(value: str | datetime) -> str:
    """For people: Europe/Berlin, German format."""
    dt = parse_iso(value) if isinstance(value, str) else value
    return dt.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


class TimeSpecError(ValueError):
    """A time given by a person that cannot be read; the message is for people."""


_SPAN = re.compile(r"(\d+)\s*(m|min|h|d|t|w)", re.IGNORECASE)
_HINT = "(z. B. 30m, 8h, 2d, 1w oder 2026-11-20)"


def parse_span(value: str) -> timedelta:
    """``30m``, ``8h``, ``2d`` (also ``2t`` for Tage), ``1w`` → a timedelta."""
    m = _SPAN.fullmatch(value.strip())
    if not m:
        raise TimeSpecError(f"Zeitangabe {value!r} nicht verstanden {_HINT}")
    n, unit = int(m.group(1)), m.group(2).lower()
    if unit in ("m", "min"):
        return timedelta(minutes=n)
    if unit == "h":
        return timedelta(hours=n)
    if unit in ("d", "t"):
        return timedelta(days=n)
    return timedelta(weeks=n)


def parse_when(value: str, now: datetime) -> datetime:
    """A point in time: a span back from ``now`` (``8h``) or an ISO date/time (dates and naive
    times are read as Europe/Berlin, the way people in the city mean them)."""
    try:
        return now - parse_span(value)
    except TimeSpecError:
        pass
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.fromisoformat(text).replace(tzinfo=BERLIN)
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise TimeSpecError(f"Zeitangabe {value!r} nicht verstanden {_HINT}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=BERLIN)
