"""UTC time in one place, so tests can inject a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
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
