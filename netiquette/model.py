"""Public value types of the netiquette library: findings, results, severities, errors."""

from __future__ import annotations

from typing import Any, ClassVar, Final

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


class Value:
    """Immutable value semantics for the types ``check`` makes for every comment.

    These are plain classes with ``Final`` attributes, not frozen dataclasses: compiled by
    mypyc (see setup.py) they are built about ten times faster (a frozen dataclass's
    ``__init__`` goes through ``object.__setattr__`` per field) and their attributes are
    read-only. Subclasses list their attribute names in ``FIELDS``.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def values(self) -> tuple[object, ...]:
        """The attribute values, in ``FIELDS`` order."""
        return tuple([getattr(self, name) for name in self.FIELDS])

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Value) \
            and self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={v!r}" for n, v in zip(self.FIELDS, self.values()))
        return f"{type(self).__name__}({args})"


class Finding(Value):
    """One rule that fired on a comment, with evidence pointing into the ORIGINAL text."""

    FIELDS = ("rule_id", "title", "severity", "action", "spans", "matched", "why")

    def __init__(self, rule_id: str, title: str, severity: str, action: str,
                 spans: tuple[tuple[int, int], ...], matched: tuple[str, ...],
                 why: str) -> None:
        self.rule_id: Final = rule_id
        self.title: Final = title
        self.severity: Final = severity
        self.action: Final = action
        self.spans: Final = spans
        self.matched: Final = matched
        self.why: Final = why

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


class Result(Value):
    """The verdict on one comment: whether to flag it, how urgent, why, and reply templates."""

    FIELDS = ("flagged", "priority", "findings", "templates")

    def __init__(self, flagged: bool, priority: int, findings: tuple[Finding, ...] = (),
                 templates: tuple[tuple[str, float], ...] = ()) -> None:
        self.flagged: Final = flagged
        self.priority: Final = priority
        self.findings: Final = findings
        self.templates: Final = templates

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
