"""Required words of a regular expression, used to skip patterns that cannot match.

Scanning a comment with dozens of free-form rule patterns is the slowest part of checking.
Most patterns contain a literal word every match must include ("galgen", "petition"); if no
token of the comment contains one of those words, the pattern is not run at all.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

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
    return frozenset(max(options, key=_strength))  # type: ignore[arg-type]


def _strength(words: AbstractSet[str]) -> tuple[int, float]:
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


_MAX_SET = 16


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one (as a substring).

    Unlike :func:`required_words` the pieces may be short or non-word characters (a
    character class of a few symbols counts), so they gate patterns with no required word
    by plain ``in`` tests on the whole text. ``None``: nothing sound was found.
    """
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
        return None
    options = _lit_required(list(parsed))
    if not options:
        return None
    best = max(options, key=_lit_strength)
    return best if min(len(s) for s in best) >= 1 else None


def _lit_strength(strings: frozenset[str]) -> tuple[int, int]:
    return min(len(s) for s in strings), -len(strings)


def _char_set(op: object, arg: object) -> frozenset[str] | None:
    """The characters one LITERAL or small IN item can match (no categories, no negation)."""
    if op is C.LITERAL:
        return frozenset({chr(arg)})  # type: ignore[arg-type]
    if op is not C.IN:
        return None
    chars: set[str] = set()
    for sub_op, sub_arg in arg:  # type: ignore[attr-defined]
        if sub_op is C.LITERAL:
            chars.add(chr(sub_arg))
        elif sub_op is C.RANGE and sub_arg[1] - sub_arg[0] < _MAX_SET:
            chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= _MAX_SET else None


def _lit_required(items: list) -> list[frozenset[str]]:
    """Alternative requirement sets for a sequence; any one set is sound on its own."""
    found: list[frozenset[str]] = []
    run: set[str] | None = None  # strings the current run of single-char items can spell

    def flush() -> None:
        nonlocal run
        if run:
            found.append(frozenset(run))
        run = None

    for op, arg in items:
        chars = _char_set(op, arg)
        if chars is not None:
            grown = {s + c for s in (run or {""}) for c in chars}
            if len(grown) > _MAX_SET:
                flush()
                grown = set(chars)
            run = grown
            continue
        flush()
        if op is C.SUBPATTERN:
            if not arg[1] & (re.IGNORECASE | re.LOCALE):  # (?i:...) changes what matches
                found.extend(_lit_required(list(arg[-1])))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1:
            found.extend(_lit_required(list(arg[2])))
        elif op is C.BRANCH:
            per_branch = [_lit_required(list(b)) for b in arg[1]]
            if all(per_branch):
                union: set[str] = set()
                for options in per_branch:
                    union |= max(options, key=_lit_strength)  # type: ignore[arg-type]
                if len(union) <= 4 * _MAX_SET:
                    found.append(frozenset(union))
    flush()
    return found
