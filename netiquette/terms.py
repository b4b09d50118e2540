"""Compiling term lists into one trie-shaped regex that tolerates evasion spellings.

A term is written plainly in the rule file ("idiot", "*idiot", "drecks*", "*loch*",
"sieg heil"). Each letter becomes a class with its leetspeak variants and a ``+`` (so
"Iiidiooot" matches), umlauts and ß accept their spelled-out and dropped forms, and a star
marks where the term may be part of a compound. All terms of all rules go into a single
regex per boundary mode, shaped as a trie so a failing position costs one character test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD, END, START, ANY = "w", "e", "s", "a"
# Regex group name -> boundary mode. Besides one group per mode there is "x" for whole-word
# terms of at most three letters, which take no inflection ("Sau" is not "sauer"). See
# :func:`build_term_regex`.
GROUP_MODE = {"w": WORD, "x": WORD, "e": END, "s": START, "a": ANY}
# A hit for one mode also satisfies terms of the looser modes with the same key: a whole
# word is a compound end, a word start and a part of a word ("Parasiten" must reach both
# the word term "parasiten" of R03 and the compound end "*parasiten" of R05).
MODES_OF = {WORD: (WORD, END, START, ANY), END: (END, ANY), START: (START, ANY), ANY: (ANY,)}
# Below this key length a dropped double letter makes another word too easily ("Nute" and
# "Nutte", "Dep"); longer terms keep the lenient form for typos like "Volidiot".
LENIENT_DOUBLES = 6
SHORT_WORD = 3
_LEET = {
    "a": "a4@", "e": "e3€", "i": "i1", "l": "l1", "o": "o0", "s": "s5$", "t": "t7",
}
_UMLAUT = {"ä": "(?:ä|ae|a)", "ö": "(?:ö|oe|o)", "ü": "(?:ü|ue|u)"}
_INFLECTION = "(?:innen|ern|ens|en|er|es|in|e|n|s)?"
_KEY_TABLE = str.maketrans({
    "4": "a", "@": "a", "3": "e", "€": "e", "1": "i", "l": "i", "0": "o", "5": "s", "$": "s",
    "7": "t", "ä": "a", "ö": "o", "ü": "u", "ß": "s",
})
_DIGRAPHS = re.compile(r"ae|oe|ue|sz")
_NON_LETTER = re.compile(r"[^a-z]")
_SQUEEZE = re.compile(r"(.)\1+")


def term_key(s: str) -> str:
    """Canonical key of a term or of matched text: same key = same word for the index.

    Leet digits, umlaut spellings, ß and doubled letters all collapse (l and i merge, as
    "1" stands for both). Collisions between unrelated words are harmless: keys are only
    looked up for text the term regex already matched.
    """
    s = s.lower().translate(_KEY_TABLE)
    s = _DIGRAPHS.sub(lambda m: m.group(0)[0], s)
    return _SQUEEZE.sub(r"\1", _NON_LETTER.sub("", s))


@dataclass(frozen=True, slots=True)
class Term:
    """One parsed term: its plain text (for messages), boundary mode and index key."""

    text: str
    mode: str
    key: str


def parse_term(raw: str) -> Term:
    """Parse the star syntax: "x" whole word, "*x" compound end, "x*" start, "*x*" anywhere."""
    body = raw.strip().lower()
    lead, trail = body.startswith("*"), body.endswith("*") and len(body) > 1
    body = body.strip("*").strip()
    mode = ANY if lead and trail else END if lead else START if trail else WORD
    return Term(body, mode, term_key(body))


def _units(term: str, strict: bool = False) -> list[str]:
    """Regex units of ``term``, one per letter run. ``strict``: a doubled letter must appear
    at least doubled (otherwise one letter suffices, as for any stretched letter)."""
    text = term.replace("ss", "ß")
    units: list[str] = []
    for run in re.finditer(r"(.)\1*", text):
        ch, count = run.group(1), len(run.group())
        if ch in _UMLAUT:
            unit = _UMLAUT[ch]
        elif ch == "ß":
            unit = "(?:ß|sz|[s5$])+"
        elif ch.isspace() or ch == "-":
            unit = r"[\W_]*"
        elif ch in _LEET:
            unit = f"[{re.escape(_LEET[ch])}]+"
        else:
            unit = re.escape(ch) + "+"
        if (count >= 3 or (strict and count == 2)) and unit.endswith("+"):
            # "xxx" must not match a lone "x"; doubles stay lenient ("Volidiot").
            unit = f"(?:{unit[:-1]}){{{count},}}"
        if not units or units[-1] != unit:
            units.append(unit)
    return units


def _trie_regex(sequences: list[list[str]]) -> str:
    trie: dict = {}
    for seq in sequences:
        node = trie
        for unit in seq:
            node = node.setdefault(unit, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    end = "" in node
    branches = [unit + _emit(child) for unit, child in node.items() if unit != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body


def build_term_regex(terms: list[Term]) -> re.Pattern[str] | None:
    """One regex with named groups per boundary mode over all ``terms`` (see GROUP_MODE).

    Leniency shrinks with the evidence a match has of being the word at all: short whole
    words take no inflection ("sau" + "er"), and short terms need their double letters
    ("Nute" is not "Nutte"). A compound end found inside a word must also keep its double
    letters; that is checked on the hit with :func:`strict_regex` ("…nute" in "Minute").
    Stretched letters, leetspeak and umlaut spellings are accepted everywhere.
    """
    by_mode: dict[str, list[list[str]]] = {WORD: [], END: [], START: [], ANY: []}
    short: list[list[str]] = []
    for term in terms:
        if term.mode == WORD and len(term.key) <= SHORT_WORD:
            short.append(_units(term.text, strict=True))
            continue
        by_mode[term.mode].append(_units(term.text, strict=len(term.key) < LENIENT_DOUBLES))
    parts = []
    if by_mode[WORD]:
        parts.append(rf"(?<!\w)(?P<w>{_trie_regex(by_mode[WORD])}){_INFLECTION}(?!\w)")
    if short:
        parts.append(rf"(?<!\w)(?P<x>{_trie_regex(short)})(?!\w)")
    if by_mode[END]:
        parts.append(rf"(?P<e>{_trie_regex(by_mode[END])}){_INFLECTION}(?!\w)")
    if by_mode[START]:
        parts.append(rf"(?<!\w)(?P<s>{_trie_regex(by_mode[START])})")
    if by_mode[ANY]:
        parts.append(rf"(?P<a>{_trie_regex(by_mode[ANY])})")
    if not parts:
        return None
    return re.compile("|".join(parts))


def strict_regex(terms: list[Term], mode: str = END) -> re.Pattern[str] | None:
    """The terms of ``mode`` with double letters required, for :meth:`re.Pattern.fullmatch`
    on a hit inside a word."""
    seqs = [_units(t.text, strict=True) for t in terms if t.mode == mode]
    return re.compile(_trie_regex(seqs)) if seqs else None


def mask_regex(token: str) -> re.Pattern[str] | None:
    """Regex for a masked token ("a*loch", "schei**e"): each mask run stands for 1–6 letters.

    Returns ``None`` when fewer than three letters are known, which would match too much.
    """
    parts = re.split(r"[*#]+", token)
    if sum(len(p) for p in parts) < 3 or len(parts) < 2:
        return None
    return re.compile("[a-zäöüß]{1,6}".join(re.escape(p) for p in parts))
