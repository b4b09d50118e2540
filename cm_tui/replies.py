"""Values for the placeholders of reply templates, from the comment, the rule and the settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cm_tui.clock import BERLIN
from cm_tui.config import Settings
from cm_tui.model import LogEntry
from cm_tui.safe_text import one_line
from cm_tui.store.log import CITES_RULE

if TYPE_CHECKING:
    import netiquette


def reply_values(
    row: dict[str, Any], findings: list[dict[str, Any]], rules: netiquette.RuleSet, settings: Settings,
    now: datetime,
) -> dict[str, str]:
    """Every placeholder the engine knows gets a value, so any template renders; the city's
    links come from ``[links]`` in config.toml. Unknown settings keys are left out."""
    import netiquette  # loaded with the rules by now; not imported on the way to the first paint

    rule = rules.rules.get(str(findings[0]["rule_id"])) if findings else None
    links = settings.links
    values = {
        "name": one_line(row.get("author_name") or "") or "zusammen",
        "channel": one_line(row.get("channel") or ""),
        "account": one_line(row.get("channel") or settings.city),
        "rule_id": rule.id if rule else "",
        "rule_title": rule.title if rule else "",
        "clause": rule.clause if rule else "",
        "action": rule.action if rule else "",
        "authority": settings.city,
        "deadline": working_days_after(now, settings.reply_days, settings.state, settings.closed_days).strftime("%d.%m.%Y"),
        "signature": settings.signature,
        "date": now.astimezone(BERLIN).strftime("%d.%m.%Y"),
        "contact_url": links.get("contact_url") or links.get("contact_email", ""),
    }
    for key in netiquette.PLACEHOLDERS:
        if key not in values:
            values[key] = links.get(key, "")
    return {k: v for k, v in values.items() if k in netiquette.PLACEHOLDERS}


def cited_rule(trail: Sequence[LogEntry]) -> str | None:
    """The rule the last decision still in force cited (a hide, delete, block or report): what a
    reply such as "wir haben Ihren Kommentar ausgeblendet (R05 …)" must name, even where the
    engine found nothing and the manager chose the rule."""
    undone = {e.data.get("undo_of") for e in trail if e.action == "undo"}
    for e in reversed(trail):
        if e.rules and e.action in CITES_RULE and e.id not in undone:
            return e.rules[0]
    return None


def working_days_after(now: datetime, days: int, state: str | None = None,
                       closed: Sequence[tuple[int, int]] = ()) -> date:
    """The Berlin date ``days`` working days after ``now``: what "we answer by …" in a reply
    promises. Weekends, public holidays (nationwide ones, and those of the Bundesland ``state``,
    e.g. "NW") and the (month, day) pairs of ``closed`` (e.g. Christmas Eve) do not count."""
    import holidays  # its tables load in ~0.2 s: only when a reply is written

    off = holidays.Germany(subdiv=state)
    shut = set(closed)
    day = now.astimezone(BERLIN).date()
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5 and day not in off and (day.month, day.day) not in shut
    return day
