"""Values of the spike detector: what goes in (Observation), what comes out (SpikeEvent), and the
German explanation that names the scope and the numbers behind a level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .params import LEVEL_NAMES


@dataclass(frozen=True, slots=True)
class Observation:
    """One comment as the detector sees it: where, when, who, and what the netiquette check found."""

    ts: datetime  # UTC, aware
    comment: int  # store row id
    post_key: str
    post_label: str
    channel: str
    owner: str | None = None  # the Amtfluencer whose profile this is; None for city accounts
    author: str | None = None
    text: str = ""
    rule_titles: tuple[str, ...] = ()
    max_severity: int = 0  # 0 info … 4 kritisch
    threat: bool = False


@dataclass(frozen=True, slots=True)
class SpikeEvent:
    """A spike in one scope: when it started, peaked and ended, its levels, and why."""

    id: str
    scope_kind: str  # "post" | "channel" | "overall"
    scope_key: str
    scope_label: str
    start: datetime
    peak: datetime
    peak_level: int
    level: int
    levels: tuple[tuple[datetime, int], ...]
    end: datetime | None
    explanation: str
    comment_ids: tuple[int, ...]
    series: tuple[tuple[datetime, int, int], ...]

    @property
    def level_name(self) -> str:
        """The German name of the current level."""
        return LEVEL_NAMES[self.level]


@dataclass(frozen=True, slots=True)
class Signals:
    """The numbers of one scope's last 60 minutes, as used for its level and its explanation."""

    count: int
    expected_per_hour: float
    ratio: float
    hostile: int
    rule_counts: tuple[tuple[str, int], ...]  # most frequent first
    severe: int
    threats: int
    new_authors: int
    dup_comments: int
    dup_authors: int
    dup_channels: int
    window_minutes: int


def _num(x: float) -> str:
    """German number: no decimals from 10 on, one decimal (comma) below."""
    if x >= 10 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.1f}".replace(".", ",")


def scope_phrase(kind: str, label: str, owner: str | None = None) -> str:
    """How a scope is named in German user text."""
    if kind == "post":
        return f"Beitrag ‚{label}'"
    if kind == "channel":
        return f"Profil von {owner} ({label})" if owner else f"Kanal {label}"
    return "Alle Kanäle"


def explain(kind: str, label: str, owner: str | None, s: Signals, level: int) -> str:
    """One German sentence group with the numbers, e.g.
    "Beitrag ‚Radweg Hauptstraße': 142 Kommentare in 60 min, üblich 6/h (24-fach); …"."""
    parts = [
        f"{scope_phrase(kind, label, owner)}: {s.count} Kommentare in {s.window_minutes} min, "
        f"üblich {_num(s.expected_per_hour)}/h ({_num(s.ratio)}-fach)"
    ]
    if s.count and s.hostile:
        rules = ", ".join(f"{t} {n}" for t, n in s.rule_counts[:4])
        share = round(100 * s.hostile / s.count)
        parts.append(f"{share} % mit Regelverstoß ({rules})" if rules else f"{share} % mit Regelverstoß")
    if s.count and s.new_authors:  # (a share of the window's comments: first comments are counted)
        parts.append(f"{round(100 * s.new_authors / s.count)} % von Erstkommentierenden")
    if s.dup_comments:
        dup = f"{s.dup_comments} gleichlautende Kommentare von {s.dup_authors} Konten"
        if s.dup_channels >= 2:
            dup += f", auf {s.dup_channels} Kanälen"
        parts.append(dup)
    if s.threats:
        target = f" gegen {owner}" if owner else ""
        parts.append(f"{s.threats} Drohung{'en' if s.threats > 1 else ''}{target}")
    return "; ".join(parts) + f". Stufe {level} – {LEVEL_NAMES[level]}."
