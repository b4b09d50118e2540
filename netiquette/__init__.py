"""Netiquette checks for German municipal social-media comments (pure library, no UI).

>>> rs = load_ruleset()
>>> rs.check("Du bist ein I.d.i.o.t").flagged
True
"""

from __future__ import annotations

from .duplicates import DuplicateHit, NearDuplicateIndex
from .model import SEVERITIES, Finding, Result, RuleError, TemplateError, severity_rank
from .rules import Near, Rule
from .ruleset import RuleSet, load_ruleset
from .templates import PLACEHOLDERS, Template

__all__ = [
    "PLACEHOLDERS", "SEVERITIES", "DuplicateHit", "Finding", "NearDuplicateIndex", "Near",
    "Result", "Rule", "RuleError", "RuleSet", "Template", "TemplateError", "load_ruleset",
    "severity_rank",
]
