"""Public value types of the netiquette library: findings, results, severities, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES: tuple[str, ...] = ("kritisch", "hoch", "mittel", "niedrig", "info")
_RANK = {sev: len(SEVERITIES) - 1 - i for i, sev in enumerate(SEVERITIES)}
# Base priority per severity; extra findings add a little on top (see RuleSet.check).
PRIORITY_BASE = {"kritisch": 90, "hoch": 70, "mittel": 50, "niedrig": 25, "info": 5}


def severity_rank(sev: str) -> int:
    """Rank of a severity for sorting: kritisch=4, hoch=3, mittel=2, niedrig=1, info=0."""
    try:
        return _RANK[sev]
    except KeyError:
        raise ValueError(f"unbekannte Schwere {sev!r}") from None


class RuleError(ValueError):
    """A rule or template file is invalid; the message names file, rule id and field.

    ``problems`` holds every problem found (one line each); ``str()`` shows the first.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        msg = self.problems[0] if self.problems else "ungültige Regeldatei"
        if len(self.problems) > 1:
            msg += f" (und {len(self.problems) - 1} weitere Probleme)"
        super().__init__(msg)


class TemplateError(ValueError):
    """A reply template cannot be rendered (unknown id, unknown or missing placeholder)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired on a comment, with evidence pointing into the ORIGINAL text."""

    rule_id: str
    title: str
    severity: str
    action: str
    spans: tuple[tuple[int, int], ...]
    matched: tuple[str, ...]
    why: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity,
            "action": self.action,
            "spans": [list(s) for s in self.spans],
            "matched": list(self.matched),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The verdict on one comment: whether to flag it, how urgent, why, and reply templates."""

    flagged: bool
    priority: int
    findings: tuple[Finding, ...] = ()
    templates: tuple[tuple[str, float], ...] = ()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Ids of the rules that fired, most severe first."""
        return tuple(f.rule_id for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "flagged": self.flagged,
            "priority": self.priority,
            "findings": [f.to_dict() for f in self.findings],
            "templates": [[tid, round(score, 3)] for tid, score in self.templates],
        }
