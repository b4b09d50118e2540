"""The compiled form of a rule set: one term regex, one pattern regex, check and model tables.

Everything here is built once at load time so that checking a comment is a handful of
regex scans plus dictionary look-ups, never a loop over rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .anchors import required_literals, required_words
from .rules import Rule
from .scorer import TOKEN
from .terms import (
    END, GROUP_MODE, MODES_OF, WORD, Term, _trie_regex, _units, build_term_regex, mask_regex,
    parse_term, strict_regex, term_key,
)

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
_MASK_RUN = re.compile(r"[*#]+")  # as in terms.mask_regex


MAX_TOKEN = 64


@dataclass(frozen=True, slots=True)
class TermEntry:
    """A term as registered for one rule: its text for messages and its role in the rule."""

    rule_id: str
    text: str
    role: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What one token can contribute: term hits (token-relative), candidate patterns, and
    whether it may start a multi-word term."""

    hits: tuple[tuple[int, int, TermEntry], ...] = ()
    patterns: frozenset[int] = frozenset()
    multi: bool = False
    weight: float = 0.0  # summed weight of the learned scorer's features for this token
    triggers: tuple[int, ...] = ()  # template trigger phrases sharing this token's stem
    special: bool = False  # anything besides weight: the scan then needs the token's offset
    mwords: int = 0  # key words of multi-word terms (bits) that occur in this token


EMPTY = TokenInfo()


@dataclass
class CompiledRules:
    """Lookup tables derived from the rules; see :func:`compile_rules`."""

    term_regex: re.Pattern[str] | None
    multi_regex: re.Pattern[str] | None
    multi_first: tuple[str, ...]  # sorted; str.startswith takes the whole tuple
    by_key: dict[str, dict[str, list[TermEntry]]]
    patterns: list[tuple[str, re.Pattern[str]]]
    anchors: list[tuple[str, frozenset[int]]]
    always: frozenset[int]
    checks: dict[str, list[str]]
    model_rules: list[str]
    allow_keys: frozenset[str]
    exclude_keys: dict[str, frozenset[str]]
    fuzzy_choices: dict[str, list[str]] = field(default_factory=dict)
    mask_terms: list[tuple[str, TermEntry]] = field(default_factory=list)
    fuzzy_cache: dict[str, list[tuple[str, TermEntry]]] = field(default_factory=dict)
    token_cache: dict[str, TokenInfo] = field(default_factory=dict)
    entries_cache: dict[tuple[str, str], list[TermEntry]] = field(default_factory=dict)
    word_weight: Callable[[str], float] | None = None
    trigger_index: Callable[[str], tuple[int, ...]] | None = None
    # Gate for ``multi_regex``: one key word per multi-word term (see :func:`_multi_gate`);
    # ``None`` when some term has no usable key word (the regex then always runs).
    multi_any: re.Pattern[str] | None = None
    multi_words: list[tuple[re.Pattern[str], re.Pattern[str] | None, int]] = field(
        default_factory=list)
    multi_needs: list[int] = field(default_factory=list)
    patterns_gate: dict[int, frozenset[str]] = field(default_factory=dict)
    multi_terms: list[Term] = field(default_factory=list)  # aligned with ``multi_needs``
    multi_cache: dict[tuple[int, ...], re.Pattern[str] | None] = field(default_factory=dict)
    end_strict: re.Pattern[str] | None = None  # compound ends with double letters kept
    # ``anchors`` by first character: a token only needs the anchors starting with its letters.
    anchors_by_first: dict[str, list[tuple[str, frozenset[int]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for word, ids in self.anchors:
            self.anchors_by_first.setdefault(word[0], []).append((word, ids))

    def token(self, tok: str) -> TokenInfo:
        """Term hits and pattern candidates of one token (memoised; vocabularies repeat)."""
        info = self.token_cache.get(tok)
        if info is None:
            info = self._token(tok)
            if len(self.token_cache) > 200_000:
                self.token_cache.clear()
            self.token_cache[tok] = info
        return info

    def _token(self, tok: str) -> TokenInfo:
        # Stretched-letter patterns make matching superlinear in token length; no word is longer
        # than this, so a 100,000-letter "token" is only looked at up to here (offsets stay valid).
        tok = tok[:MAX_TOKEN]
        raw: list[tuple[int, int, TermEntry]] = []
        if self.term_regex is not None:
            for m in self.term_regex.finditer(tok):
                if m.lastgroup == "e" and m.start() and tok[m.start() - 1].isalpha() and (
                        self.end_strict is None or not self.end_strict.fullmatch(m.group("e"))):
                    continue  # inside a compound only the exact letters count ("Minuten")
                for entry in self.entries(m):
                    raw.append((m.start(), m.end(), entry))
        if not raw and self.fuzzy_choices and tok[0] != "@" and _OBFUSCATED.fullmatch(tok):
            raw.extend((0, len(tok), e) for _, e in self.fuzzy(tok))
        if "*" in tok or "#" in tok:
            for m in _MASKED.finditer(tok):
                if len(m.group().strip("*#")) >= 2:
                    raw.extend((m.start(), m.end(), e) for e in self.masked(m.group()))
        key = term_key(tok)
        if raw and (key in self.allow_keys or self.exclude_keys):
            raw = [h for h in raw if key not in self.allow_keys
                   and key not in self.exclude_keys.get(h[2].rule_id, ())]
        pats: set[int] = set()
        by_first = self.anchors_by_first
        for ch in set(tok):
            for word, ids in by_first.get(ch, ()):
                if word in tok:
                    pats |= ids
        multi = key.startswith(self.multi_first)
        mwords = 0
        if self.multi_any is not None and self.multi_any.search(tok):
            for rx, pre, bit in self.multi_words:
                if (pre is None or pre.search(tok)) and rx.search(tok):
                    mwords |= bit
        weight = 0.0
        if self.word_weight and tok[0] != "@":
            weight = self.word_weight(tok)
        triggers = self.trigger_index(tok) if self.trigger_index else ()
        if not raw and not pats and not multi and not weight and not triggers and not mwords:
            return EMPTY
        special = bool(raw or pats or multi or triggers)
        return TokenInfo(tuple(raw), frozenset(pats), multi, weight, triggers, special, mwords)

    def multi_regex_for(self, possible: tuple[int, ...]) -> re.Pattern[str] | None:
        """``multi_regex`` restricted to the multi-word terms ``possible`` (indexes into
        ``multi_terms``), for a comment where no other term can match: it finds the same
        matches, as the dropped trie branches could only fail (memoised per set)."""
        rx = self.multi_cache.get(possible, False)
        if rx is False:
            rx = build_term_regex([self.multi_terms[i] for i in possible])
            if len(self.multi_cache) > 4096:
                self.multi_cache.clear()
            self.multi_cache[possible] = rx
        return rx  # type: ignore[return-value]

    def entries(self, m: re.Match[str]) -> list[TermEntry]:
        """Lexicon entries matched by ``m`` (of a regex from :func:`build_term_regex`)."""
        group = m.lastgroup or ""
        text = m.group(group)
        out = self.entries_cache.get((group, text))
        if out is None:
            key = term_key(text)
            out = []
            for mode in MODES_OF.get(GROUP_MODE.get(group, ""), ()):
                out.extend(self.by_key.get(mode, {}).get(key, ()))
            if len(self.entries_cache) > 50_000:
                self.entries_cache.clear()
            self.entries_cache[(group, text)] = out
        return out

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
        # What every full match has (the known parts at both ends, 1-6 letters per mask run)
        # rules out most terms without running the regex.
        parts = _MASK_RUN.split(token)
        head, tail, runs = parts[0], parts[-1], len(parts) - 1
        known = sum(map(len, parts))
        lo, hi = known + runs, known + 6 * runs
        return [entry for text, entry in self.mask_terms
                if lo <= len(text) <= hi and text.startswith(head) and text.endswith(tail)
                and rx.fullmatch(text)]


def _tail_ratio(key: str, choice: str, *, score_cutoff: float | None = None,
                **_: object) -> float:
    if len(key) <= len(choice):
        return 0.0
    return fuzz.ratio(key[-len(choice):], choice, score_cutoff=score_cutoff)


def compile_rules(rules: Iterable[Rule], allow_words: Iterable[str]) -> CompiledRules:
    """Build the combined regexes and tables for ``rules``."""
    terms: list[Term] = []
    multi: list[Term] = []
    by_key: dict[str, dict[str, list[TermEntry]]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    anchors: dict[str, set[int]] = {}
    always: set[int] = set()
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
            (multi if re.search(r"[\s-]", term.text) else terms).append(term)
            entry = TermEntry(rule.id, term.text, role)
            by_key.setdefault(term.mode, {}).setdefault(term.key, []).append(entry)
            if role == TERM and rule.fuzzy and term.mode in (WORD, END) and len(term.key) >= 5:
                fuzzy_choices.setdefault(term.mode, set()).add(term.key)
            if role == TERM and len(term.text) >= 4 and " " not in term.text:
                mask_terms.append((term.text, entry))
                plain = term.text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                if plain != term.text:
                    mask_terms.append((plain.replace("ß", "ss"), entry))
        for pattern in rule.patterns:
            idx = len(patterns)
            patterns.append((rule.id, re.compile(pattern)))
            words = required_words(pattern)
            if words is None:
                always.add(idx)
            for word in words or ():
                anchors.setdefault(word, set()).add(idx)
        for check in rule.checks:
            checks.setdefault(check, []).append(rule.id)
        if rule.model is not None:
            model_rules.append(rule.id)
        if rule.exclude:
            exclude[rule.id] = frozenset(term_key(w) for w in rule.exclude)
    multi_terms = _dedupe(multi)
    multi_any, multi_words, multi_needs = _multi_gate(multi_terms)
    return CompiledRules(
        term_regex=build_term_regex(_dedupe(terms)),
        end_strict=strict_regex(_dedupe(terms)),
        multi_regex=build_term_regex(_dedupe(multi)),
        multi_any=multi_any,
        multi_words=multi_words,
        multi_needs=multi_needs,
        multi_terms=multi_terms if multi_needs else [],
        patterns_gate={i: lits for i in sorted(always)
                       if (lits := required_literals(patterns[i][1].pattern)) is not None},
        multi_first=tuple(sorted({term_key(re.split(r"[\s-]", t.text)[0]) for t in multi})),
        by_key=by_key,
        patterns=patterns,
        anchors=[(w, frozenset(ids)) for w, ids in sorted(anchors.items())],
        always=frozenset(always),
        checks=checks,
        model_rules=model_rules,
        allow_keys=frozenset(term_key(w) for w in allow_words),
        exclude_keys=exclude,
        fuzzy_choices={mode: sorted(keys) for mode, keys in fuzzy_choices.items()},
        mask_terms=mask_terms,
    )


_SEP_UNIT = r"[\W_]*"
_TOKEN_WORD = re.compile(r"[\w@$€*#]+")


def _multi_gate(terms: list[Term]) -> tuple[
        re.Pattern[str] | None, list[tuple[re.Pattern[str], re.Pattern[str] | None, int]],
        list[int]]:
    """Key words of the multi-word terms, to skip ``multi_regex`` when no term can match.

    A match of ``multi_regex`` for a term contains a match of each of the term's words (its
    units between the separators), and a word made only of token characters lies inside one
    token. Each term gets its (up to) two longest such words (of at least three letters,
    if it has any) as key words, each pre-tested by its required literals: unless some
    term has all its key words inside tokens of the comment, the regex cannot find a term.
    Returns (any-key-word regex, [(key word regex, word bit)], [needed word bits per term]);
    the regex is ``None`` when some term has no usable word (then the regex always runs).
    """
    word_bits: dict[tuple[str, ...], int] = {}
    needs: list[int] = []
    for term in terms:
        segs: list[list[str]] = [[]]
        for unit in _units(term.text):
            if unit == _SEP_UNIT:
                segs.append([])
            else:
                segs[-1].append(unit)
        words = re.split(r"[\s-]+", term.text.replace("ss", "ß"))
        if len(words) != len(segs) or not all(segs):
            return None, [], []
        usable = sorted(((len(seg), k, tuple(seg)) for k, (word, seg) in
                         enumerate(zip(words, segs)) if _TOKEN_WORD.fullmatch(word)),
                        reverse=True)
        if not usable:
            return None, [], []
        # Short words ("in", "am") are in most comments: key words are the longer ones.
        usable = [u for u in usable if u[0] >= 3][:2] or usable[:1]
        need = 0
        for _, _, seg in usable:
            bit = word_bits.setdefault(seg, 1 << len(word_bits))
            need |= bit
        needs.append(need)
    if not word_bits:
        return None, [], []
    words_rx = []
    for seg, bit in word_bits.items():
        body = "".join(seg)
        lits = required_literals(body)
        pre = re.compile("|".join(map(re.escape, sorted(lits)))) if lits else None
        words_rx.append((re.compile(body), pre, bit))
    return re.compile(_trie_regex([list(seg) for seg in word_bits])), words_rx, needs


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[tuple[str, str]] = set()
    out = []
    for term in terms:
        if (term.text, term.mode) not in seen:
            seen.add((term.text, term.mode))
            out.append(term)
    return out
