"""The compiled form of a rule set: one term regex, one pattern regex, check and model tables.

Everything here is built once at load time so that checking a comment is a handful of
regex scans plus dictionary look-ups, never a loop over rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .rules import Rule
from .terms import END, WORD, Term, build_term_regex, mask_regex, parse_term, term_key

TERM, NEAR_A, NEAR_B = "t", "a", "b"
# Second-person pronouns, @mentions, titles with names, offices: what makes a harsh word an
# attack on someone rather than a verdict on a decision.
ADDRESS = re.compile(
    r"(?<!\w)(?:du|dich|dir|dein\w*|ihr|euch|euer|eure\w*|ihnen|sie|ihre?\w*)(?!\w)"
    r"|@\w+|(?<!\w)(?:herr|frau|hr\.|fr\.)\s+\w+"
    r"|(?<!\w)(?:ober)?b(?:ü|ue)rgermeister\w*|(?<!\w)(?:stadtrat|stadträtin|landrat|landrätin|"
    r"dezernent\w*|amtsleiter\w*|mitarbeiter\w*|sachbearbeiter\w*)(?!\w)"
)
_OBFUSCATED = re.compile(r"(?<![\w@])(?=[\w@$€]*[^\W\d_])(?=[\w@$€]*[\d@$€])[\w@$€]{5,}")
_MASKED = re.compile(r"[\wäöüß]*[*#]+[\wäöüß]*")


@dataclass(frozen=True, slots=True)
class TermEntry:
    """A term as registered for one rule: its text for messages and its role in the rule."""

    rule_id: str
    text: str
    role: str


@dataclass
class CompiledRules:
    """Lookup tables derived from the rules; see :func:`compile_rules`."""

    term_regex: re.Pattern[str] | None
    by_key: dict[str, dict[str, list[TermEntry]]]
    pattern_regex: re.Pattern[str] | None
    pattern_groups: dict[str, str]
    checks: dict[str, list[str]]
    model_rules: list[str]
    allow_keys: frozenset[str]
    exclude_keys: dict[str, frozenset[str]]
    fuzzy_choices: dict[str, list[str]] = field(default_factory=dict)
    mask_terms: list[tuple[str, TermEntry]] = field(default_factory=list)
    fuzzy_cache: dict[str, list[tuple[str, TermEntry]]] = field(default_factory=dict)

    def fuzzy(self, token: str) -> list[tuple[str, TermEntry]]:
        """Lexicon entries a leet/obfuscated token is close to (rapidfuzz ratio ≥ 86)."""
        cached = self.fuzzy_cache.get(token)
        if cached is not None:
            return cached
        key = term_key(token)
        found: list[tuple[str, TermEntry]] = []
        if len(key) >= 4 and key not in self.allow_keys:
            for mode in (WORD, END):
                choices = self.fuzzy_choices.get(mode)
                if not choices:
                    continue
                best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=86)
                if best is None and mode == END:
                    # Compound end: compare the token's tail with the term.
                    best = process.extractOne(key, choices, scorer=_tail_ratio, score_cutoff=90)
                if best is not None:
                    found.extend((mode, e) for e in self.by_key[mode][best[0]]
                                 if e.role == TERM)
                    break
        if len(self.fuzzy_cache) > 50_000:
            self.fuzzy_cache.clear()
        self.fuzzy_cache[token] = found
        return found

    def masked(self, token: str) -> list[TermEntry]:
        """Lexicon entries a masked token ("a*loch") can stand for."""
        rx = mask_regex(token)
        if rx is None or re.search(r"\*innen|\*in$", token):
            return []
        return [entry for text, entry in self.mask_terms if rx.fullmatch(text)]


def _tail_ratio(key: str, choice: str, **kwargs: object) -> float:
    if len(key) <= len(choice):
        return 0.0
    return fuzz.ratio(key[-len(choice):], choice, **kwargs)


def compile_rules(rules: Iterable[Rule], allow_words: Iterable[str]) -> CompiledRules:
    """Build the combined regexes and tables for ``rules``."""
    terms: list[Term] = []
    by_key: dict[str, dict[str, list[TermEntry]]] = {}
    patterns: list[str] = []
    groups: dict[str, str] = {}
    checks: dict[str, list[str]] = {}
    model_rules: list[str] = []
    exclude: dict[str, frozenset[str]] = {}
    fuzzy_choices: dict[str, set[str]] = {}
    mask_terms: list[tuple[str, TermEntry]] = []
    for rule in rules:
        sources = [(t, TERM) for t in rule.terms]
        if rule.near:
            sources += [(t, NEAR_A) for t in rule.near.a] + [(t, NEAR_B) for t in rule.near.b]
        for raw, role in sources:
            term = parse_term(raw)
            if not term.key:
                continue
            terms.append(term)
            entry = TermEntry(rule.id, term.text, role)
            by_key.setdefault(term.mode, {}).setdefault(term.key, []).append(entry)
            if role == TERM and rule.fuzzy and term.mode in (WORD, END) and len(term.key) >= 5:
                fuzzy_choices.setdefault(term.mode, set()).add(term.key)
            if role == TERM and len(term.text) >= 4 and " " not in term.text:
                mask_terms.append((term.text, entry))
                plain = term.text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                if plain != term.text:
                    mask_terms.append((plain.replace("ß", "ss"), entry))
        if rule.patterns:
            name = f"p{len(groups)}"
            groups[name] = rule.id
            patterns.append(f"(?P<{name}>" + "|".join(f"(?:{p})" for p in rule.patterns) + ")")
        for check in rule.checks:
            checks.setdefault(check, []).append(rule.id)
        if rule.model is not None:
            model_rules.append(rule.id)
        if rule.exclude:
            exclude[rule.id] = frozenset(term_key(w) for w in rule.exclude)
    return CompiledRules(
        term_regex=build_term_regex(_dedupe(terms)),
        by_key=by_key,
        pattern_regex=re.compile("|".join(patterns)) if patterns else None,
        pattern_groups=groups,
        checks=checks,
        model_rules=model_rules,
        allow_keys=frozenset(term_key(w) for w in allow_words),
        exclude_keys=exclude,
        fuzzy_choices={mode: sorted(keys) for mode, keys in fuzzy_choices.items()},
        mask_terms=mask_terms,
    )


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[tuple[str, str]] = set()
    out = []
    for term in terms:
        if (term.text, term.mode) not in seen:
            seen.add((term.text, term.mode))
            out.append(term)
    return out


def obfuscated_tokens(folded: str) -> Iterable[re.Match[str]]:
    """Tokens mixing letters with digits or leet symbols: the only fuzzy-match candidates."""
    return _OBFUSCATED.finditer(folded)


def masked_tokens(folded: str) -> Iterable[re.Match[str]]:
    """Tokens containing mask characters (* or #) next to letters."""
    return (m for m in _MASKED.finditer(folded) if len(m.group().strip("*#")) >= 2)
