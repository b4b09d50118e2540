"""Required words of a regular expression, used to skip patterns that cannot match.

Scanning a comment with dozens of free-form rule patterns is the slowest part of checking.
Most patterns contain a literal word every match must include ("galgen", "petition"); if no
token of the comment contains one of those words, the pattern is not run at all.
"""

from __future__ import annotations

import re

try:  # Python 3.11+: the parser moved to re._parser
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_MIN = 4


def required_words(pattern: str) -> frozenset[str] | None:
    """Word pieces of which every match of ``pattern`` contains at least one.

    ``None`` means no such set was found (the pattern must always run).
    """
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    options = _required(list(parsed))
    if not options:
        return None
    return frozenset(max(options, key=_strength))


def _strength(words: frozenset[str]) -> tuple[int, float]:
    # Longer required words are rarer in ordinary text, so the pattern is skipped more often.
    return min(len(w) for w in words), sum(len(w) for w in words) / len(words)


def _required(items: list) -> list[frozenset[str]]:
    """Alternative requirement sets for a sequence (any one set is sufficient to know)."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        piece = max(re.split(r"\W+", "".join(run)), key=len, default="")
        if len(piece) >= _MIN:
            found.append(frozenset({piece}))
        run.clear()

    for op, arg in items:
        if op is C.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is C.SUBPATTERN:
            found.extend(_required(list(arg[-1])))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1:
            found.extend(_required(list(arg[2])))
        elif op is C.BRANCH:
            per_branch = [_required(list(b)) for b in arg[1]]
            if all(per_branch):
                union: set[str] = set()
                for options in per_branch:
                    union |= max(options, key=_strength)
                found.append(frozenset(union))
    flush()
    return found
