"""Netiquette checks for German municipal social-media comments (pure library, no UI).

>>> rs = load_ruleset()
>>> rs.check("Du bist ein I.d.i.o.t").flagged
True
"""

from __future__ import annotations

import warnings

from .build_check import stale_compiled
from .duplicates import DuplicateHit, NearDuplicateIndex
from .model import SEVERITIES, Finding, Result, RuleError, TemplateError, severity_rank
from .rules import Near, Rule
from .ruleset import RuleSet, load_ruleset
from .templates import PLACEHOLDERS, Template
from . import ruleset as _ruleset

# True when the check path runs compiled (mypyc, built at install; see setup.py). The results
# are the same either way; compiled, results and findings also have read-only attributes.
COMPILED = not _ruleset.__file__.endswith(".py")
if COMPILED and (_stale := stale_compiled()):
    warnings.warn(f"netiquette: {', '.join(p.name for p in _stale)} ist neuer als das kompilierte "
                  "Modul, es läuft noch der alte Stand: `make` baut neu", RuntimeWarning, stacklevel=2)

__all__ = [
    "COMPILED", "PLACEHOLDERS", "SEVERITIES", "DuplicateHit", "Finding", "NearDuplicateIndex", "Near",
    "Result", "Rule", "RuleError", "RuleSet", "Template", "TemplateError", "load_ruleset",
    "severity_rank",
]
