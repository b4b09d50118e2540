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


def _units(term: str) -> list[str]:
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
        if count >= 3 and unit.endswith("+"):
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
    """One regex with a named group per boundary mode (w, e, s, a) over all ``terms``."""
    by_mode: dict[str, list[list[str]]] = {WORD: [], END: [], START: [], ANY: []}
    for term in terms:
        by_mode[term.mode].append(_units(term.text))
    parts = []
    if by_mode[WORD]:
        parts.append(rf"(?<!\w)(?P<w>{_trie_regex(by_mode[WORD])}){_INFLECTION}(?!\w)")
    if by_mode[END]:
        parts.append(rf"(?P<e>{_trie_regex(by_mode[END])}){_INFLECTION}(?!\w)")
    if by_mode[START]:
        parts.append(rf"(?<!\w)(?P<s>{_trie_regex(by_mode[START])})")
    if by_mode[ANY]:
        parts.append(rf"(?P<a>{_trie_regex(by_mode[ANY])})")
    if not parts:
        return None
    return re.compile("|".join(parts))


def mask_regex(token: str) -> re.Pattern[str] | None:
    """Regex for a masked token ("a*loch", "schei**e"): each mask run stands for 1–6 letters.

    Returns ``None`` when fewer than three letters are known, which would match too much.
    """
    parts = re.split(r"[*#]+", token)
    if sum(len(p) for p in parts) < 3 or len(parts) < 2:
        return None
    return re.compile("[a-zäöüß]{1,6}".join(re.escape(p) for p in parts))
