"""The loaded rule set: checks comments, ranks and renders reply templates."""

from __future__ import annotations

import hashlib
import json
import operator
import re
from functools import reduce
from itertools import chain, compress
from typing import NamedTuple, cast
from collections.abc import Mapping, Sequence
from pathlib import Path

from .index import (
    ADDRESS, MAX_TOKEN, NEAR_A, NEAR_B, TERM, CompiledRules, TermEntry, TokenInfo, compile_rules,
)
from .model import PRIORITY_BASE, Finding, Result, RuleError, TemplateError, severity_rank
from .normalize import Normalized, normalize, normalize_tokens
from .rules import Rule, build_rules, build_templates, read_files
from .scorer import TOKEN, Scorer
from .structural import CHECKS, Context
from .templates import Template, TemplateRanker, render

_ADDRESS_WINDOW = 60
_WEIGHT = operator.attrgetter("weight")
_MWORDS = operator.attrgetter("mwords")
_TRIGGERS = operator.attrgetter("triggers")
_PATTERNS = operator.attrgetter("patterns")
_HITS = operator.attrgetter("hits")
_MULTI = operator.attrgetter("multi")
_SPECIAL = operator.attrgetter("special")


class _Scan(NamedTuple):
    """What the token scan found besides hits: model weight sum, strongest word, word count,
    and template trigger phrases with the number of words they share with the comment."""

    weight: float
    strongest: float
    n_tokens: int
    shared: dict[int, int]

_Hits = dict[str, list[tuple[int, int, str]]]  # rule id -> (start, end, why) in folded text


class RuleSet:
    """Validated, compiled rules and templates; :meth:`check` is the hot path."""

    def __init__(self, rules: dict[str, Rule], templates: dict[str, Template],
                 allow_words: Sequence[str] = (), allow_domains: Sequence[str] = (),
                 scorer: Scorer | None = None) -> None:
        self.rules = rules
        self.templates = templates
        self.allow_words = tuple(allow_words)
        self.allow_domains = tuple(allow_domains)
        self.version = _version(rules, templates, self.allow_words, self.allow_domains)
        self._c: CompiledRules = compile_rules(rules.values(), allow_words)
        self._ctx = Context(allow_domains=self.allow_domains)
        self._ranker = TemplateRanker(templates.values())
        self._scorer = scorer if self._c.model_rules else None
        if self._scorer is not None:
            self._scorer.neutral = self._scorer.neutral | {w.lower() for w in allow_words}
            self._c.word_weight = self._scorer.word_weight
        self._c.trigger_index = self._ranker.trigger_ids
        self._order = {rid: (-severity_rank(r.severity), rid) for rid, r in rules.items()}
        self._flags = {rid: bool(r.flag) for rid, r in rules.items()}
        self._checks = [(CHECKS[name], rids) for name, rids in self._c.checks.items()]
        self._needs_address = frozenset(rid for rid, r in rules.items() if r.requires_address)
        gate = self._c.patterns_gate
        self._always_open = frozenset(i for i in self._c.always if i not in gate)
        by_first: dict[str, dict[str, set[int]]] = {}
        for i in sorted(self._c.always):
            for lit in gate.get(i, ()):
                by_first.setdefault(lit[0], {}).setdefault(lit, set()).add(i)
        self._gate_groups = [(first, [(lit, frozenset(ids)) for lit, ids in sorted(lits.items())])
                             for first, lits in sorted(by_first.items())]
        self._gate_ascii = [g for g in self._gate_groups if g[0].isascii()]
        self._multi_by_anchor: dict[int, list[tuple[int, int]]] = {}
        for term, need in enumerate(self._c.multi_needs):
            # Each term is looked at via its lowest key-word bit.
            self._multi_by_anchor.setdefault(need & -need, []).append((need, term))

    # -- checking -----------------------------------------------------------------------
    def check(self, text: str, *, author: str | None = None) -> Result:
        """Check one comment; findings carry spans into ``text`` as given."""
        norm, toks = normalize_tokens(text)
        if "!" in norm.text or "|" in norm.text:
            leet = self._punct_leet(norm.text)
            if leet is not None:
                norm, toks = Normalized(norm.original, leet, norm.offsets), None
        folded = norm.text
        hits: _Hits = {}
        scan = self._scan(folded, hits, toks)
        findings = self._findings(norm, hits)
        structural: dict[str, list[tuple[int, int, str]]] = {}
        ctx = self._ctx
        for check, rule_ids in self._checks:
            found = check(text, ctx)
            for rid in rule_ids if found else ():
                structural.setdefault(rid, []).extend(found)
        for rid, found in structural.items():
            whys = ", ".join(dict.fromkeys(why for _, _, why in found))
            findings[rid] = self._finding(rid, [(s, e) for s, e, _ in found], text, whys)
        if self._scorer is not None:
            self._model(norm, findings, self._scorer.logit(scan.weight, scan.n_tokens),
                        scan.strongest)
        if author:
            self._author(author, findings)
        return self._result(folded, findings, scan.shared)

    def _punct_leet(self, folded: str) -> str | None:
        """``folded`` with each "!" or "|" inside a word that stands for a letter of a term
        ("W!chser", "Arsch|och") replaced by the leet digit 1 (which terms read as i or l),
        one character for one; ``None`` if there is none. A mark between two words stays
        ("Danke!Super", "ABSCHAUM!AMEN"): the word they would make must have a term hit
        across the mark."""
        chars: list[str] | None = None
        size = len(folded)
        lo = hi = 0
        found: tuple[tuple[int, int, TermEntry], ...] = ()
        for m in _PUNCT_LEET.finditer(folded):
            mark = m.start()
            if mark >= hi:  # a new word: look it up once, whatever number of marks it has
                lo, hi = mark, mark + 1
                while lo and (folded[lo - 1].isalnum() or folded[lo - 1] in "!|"):
                    lo -= 1
                while hi < size and (folded[hi].isalnum() or folded[hi] in "!|"):
                    hi += 1
                # No term is longer than a token is looked at (a 100,000-letter "word" is none).
                found = () if hi - lo > MAX_TOKEN else \
                    self._c.token(folded[lo:hi].replace("!", "1").replace("|", "1")).hits
            at = mark - lo
            if any(s <= at < e for s, e, _ in found):
                if chars is None:
                    chars = list(folded)
                chars[mark] = "1"
        return None if chars is None else "".join(chars)

    def _scan(self, folded: str, hits: _Hits, toks: list[str] | None = None) -> _Scan:
        """One pass over the tokens: term hits, patterns to run, model weight, triggers.

        ``toks`` are the :data:`TOKEN` tokens of ``folded`` if already known."""
        c = self._c
        if toks is None:
            toks = TOKEN.findall(folded)
        cached = list(map(c.token_cache.get, toks))
        if all(cached):
            infos = cast("list[TokenInfo]", cached)
        else:  # a token not seen yet (``in`` would compare infos with ==)
            compute = c.token
            infos = [info or compute(tok) for tok, info in zip(toks, cached)]
        # One loop over the tokens (compiled, this is C): most tokens are plain words.
        weight = 0.0
        strongest = infos[0].weight if infos else 0.0
        pats = self._always(folded)
        # Trigger counts in token order (the ranking visits phrases in this order).
        shared: dict[int, int] = {}
        hit_toks: list[tuple[str, TokenInfo]] = []
        multi = False
        present = 0
        for k in range(len(infos)):
            info = infos[k]
            w = info.weight
            weight += w
            if w > strongest:
                strongest = w
            if info.special:
                for idx in info.triggers:
                    shared[idx] = shared.get(idx, 0) + 1
                if info.patterns:
                    pats |= info.patterns
                if info.hits:
                    hit_toks.append((toks[k], info))
                if info.multi:
                    multi = True
            if info.mwords:
                present |= info.mwords
        # Mentions do not count as words; "@" outside tokens (e.g. "@@@@") must not make this negative.
        n_tokens = max(0, len(toks) - folded.count("@"))
        raw: list[tuple[int, int, TermEntry]] = []
        if hit_toks:
            found = _hit_offsets(folded, hit_toks)
            raw = found if found is not None else _chained_offsets(folded, toks, infos)
        if c.multi_regex is not None and multi \
                and (multi_rx := self._multi_regex(present)) is not None:
            entries = c.entries
            for m in multi_rx.finditer(folded):
                for entry in entries(m):
                    raw.append((m.start(), m.end(), entry))
        if raw:
            self._collect(folded, raw, hits)
        for idx in sorted(pats):
            rid, rx = c.patterns[idx]
            for m in rx.finditer(folded):
                hits.setdefault(rid, []).append((m.start(), m.end(), "Muster"))
        return _Scan(weight, strongest, n_tokens, shared)

    def _always(self, folded: str) -> set[int]:
        """Patterns without a required word, minus those whose required text is missing."""
        out = set(self._always_open)
        # Required texts grouped by first character: one fast ``in`` per character rules
        # out most groups (sre scans a text several times slower than ``str.__contains__``).
        groups = self._gate_ascii if folded.isascii() else self._gate_groups
        for first, lits in groups:
            if first in folded:
                for lit, pats in lits:
                    if lit in folded:
                        out |= pats
        return out

    def _multi_regex(self, present: int) -> re.Pattern[str] | None:
        """The multi-word regex for the terms that have all their key words (bits of
        ``present``, from the comment's tokens) in the comment (``None``: no term can match)."""
        c = self._c
        if c.multi_any is None:
            return c.multi_regex
        by_anchor = self._multi_by_anchor
        possible: list[int] = []
        rest = present
        while rest:
            bit = rest & -rest
            rest ^= bit
            for need, term in by_anchor.get(bit, ()):
                if need & present == need:
                    possible.append(term)
        if not possible:
            return None
        return c.multi_regex_for(tuple(sorted(possible)))

    def _collect(self, folded: str, raw: list[tuple[int, int, TermEntry]], hits: _Hits) -> None:
        near: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
        needs_address = self._needs_address
        for start, end, entry in raw:
            rid = entry.rule_id
            if entry.role == TERM:
                if rid in needs_address and not _addressed(folded, start, end):
                    continue
                hits.setdefault(rid, []).append((start, end, entry.text))
            else:
                near.setdefault(rid, {}).setdefault(entry.role, []).append(
                    (start, end, entry.text))
        for rid, roles in near.items():
            near_a, near_b = roles.get(NEAR_A), roles.get(NEAR_B)
            if not near_a or not near_b:
                continue
            window = self.rules[rid].near.window  # type: ignore[union-attr]
            pairs = [(a, b) for a in near_a for b in near_b if abs(a[0] - b[0]) <= window]
            for a, b in pairs[:3]:
                hits.setdefault(rid, []).extend([a, b])

    def _findings(self, norm: Normalized, hits: _Hits) -> dict[str, Finding]:
        out: dict[str, Finding] = {}
        span = norm.span if norm.offsets is not None else None
        for rid, items in hits.items():
            if len(items) == 1:  # the common case: no sets to build
                s, e, w = items[0]
                spans = [(s, e) if span is None else span(s, e)]
                words = [w] if w != "Muster" else []
            else:
                if span is None:
                    spans = sorted({(s, e) for s, e, _ in items})
                else:
                    spans = sorted({span(s, e) for s, e, _ in items})
                words = sorted({w for _, _, w in items if w != "Muster"})
            why = ("Begriff(e): „" + "“, „".join(words[:4]) + "“") if words \
                else "Textmuster der Regel passt"
            out[rid] = self._made(rid, tuple(spans), norm.original, why)
        return out

    def _finding(self, rid: str, spans: Sequence[tuple[int, int]], text: str,
                 why: str) -> Finding:
        return self._made(rid, tuple(sorted(set(spans))), text, why)

    def _made(self, rid: str, spans: tuple[tuple[int, int], ...], text: str,
              why: str) -> Finding:
        """A finding from spans that are already sorted and unique."""
        rule = self.rules[rid]
        matched = (text[spans[0][0]:spans[0][1]],) if len(spans) == 1 else \
            tuple([text[s:e] for s, e in spans])
        return Finding(rid, rule.title, rule.severity, rule.action, spans, matched,
                       f"{rule.title}: {why}")

    def _model(self, norm: Normalized, findings: dict[str, Finding], logit: float,
               strongest: float) -> None:
        assert self._scorer is not None
        if any(map(self._flags.__getitem__, findings)):
            return  # the model only adds what the rules missed
        fired = [rid for rid in self._c.model_rules
                 if logit >= (self.rules[rid].model or 0.0)
                 and strongest >= self.rules[rid].model_word]
        if not fired:
            return
        score = self._scorer.score(norm.text)
        if not score.top:
            return
        spans = [norm.span(s, e) for s, e, _, _ in score.top]
        words = ", ".join(f"„{w}“ (+{c:.2f})" for _, _, w, c in score.top)
        for rid in fired:
            findings[rid] = self._finding(
                rid, spans, norm.original,
                f"Modell {score.probability:.0%} beleidigend; ausschlaggebend: {words}")

    def _author(self, author: str, findings: dict[str, Finding]) -> None:
        hits: _Hits = {}
        self._scan(normalize(author).text, hits)
        for rid in hits:
            if rid not in findings:
                rule = self.rules[rid]
                findings[rid] = Finding(rid, rule.title, rule.severity, rule.action, (),
                                        (author,), f"{rule.title}: im Nutzernamen „{author}“")

    def _result(self, folded: str, findings: dict[str, Finding],
                shared: dict[int, int]) -> Result:
        if not findings:
            return Result(False, 0, (), tuple(self._ranker.rank(folded, (), shared=shared)))
        rids = sorted(findings, key=self._order.__getitem__)
        ordered = tuple([findings[rid] for rid in rids])
        flags = self._flags
        n_flagged = sum([flags[rid] for rid in rids])
        top = ordered[0].severity
        priority = min(100, PRIORITY_BASE[top] + 3 * (n_flagged - 1 if n_flagged else 0))
        ranked = self._ranker.rank(folded, rids, shared=shared)
        return Result(n_flagged > 0, priority, ordered, tuple(ranked))

    # -- templates ----------------------------------------------------------------------
    def rank_templates(self, text: str, rule_ids: Sequence[str]) -> list[tuple[str, float]]:
        """Reply templates for ``text`` given the rules that fired, best first (score 0–1)."""
        order = sorted(rule_ids, key=lambda r: self._order.get(r, (0, r)))
        return self._ranker.rank(normalize(text).text, order)

    def render(self, template_id: str, values: Mapping[str, str]) -> str:
        """Render a template. ``rule_title``/``clause`` default from ``values['rule_id']``."""
        template = self.templates.get(template_id)
        if template is None:
            raise TemplateError(f"unbekannte Vorlage {template_id!r}")
        filled = dict(values)
        rule = self.rules.get(filled.get("rule_id", ""))
        if rule is not None:
            filled.setdefault("rule_title", rule.title)
            filled.setdefault("clause", rule.clause)
            filled.setdefault("action", rule.action)
        return render(template, filled)


# A "!" or "|" inside a word ("W!chser", "V0ll!d!0t"): maybe a letter in disguise (see
# RuleSet._punct_leet).
_PUNCT_LEET = re.compile(r"(?<=\w)[!|](?=\w)")


def _chained_offsets(folded: str, toks: list[str],
                     infos: list[TokenInfo]) -> list[tuple[int, int, TermEntry]]:
    """Term hits with offsets: each special token is looked for after the one before."""
    raw: list[tuple[int, int, TermEntry]] = []
    pos = 0
    find = folded.find
    for tok, info in compress(zip(toks, infos), map(_SPECIAL, infos)):
        start = find(tok, pos)
        pos = start + len(tok)
        if info.hits:
            raw.extend([(start + s, start + e, entry) for s, e, entry in info.hits])
    return raw


def _hit_offsets(folded: str, hit_toks: list[tuple[str, TokenInfo]]
                 ) -> list[tuple[int, int, TermEntry]] | None:
    """:func:`_chained_offsets` looking only for the tokens with hits.

    Where each is found as a whole token (no token character of its kind on either side) it
    is the token itself, and the chain over all special tokens finds it at the same place
    (that chain never runs ahead of the true offsets and no copy lies in between, or it
    would be found here first). ``None``: some find landed inside a longer token.
    """
    raw: list[tuple[int, int, TermEntry]] = []
    pos = 0
    find = folded.find
    size = len(folded)
    for tok, info in hit_toks:
        start = find(tok, pos)
        pos = start + len(tok)
        if start and folded[start - 1] not in _APART and _joins(folded[start - 1], tok) \
                or pos < size and folded[pos] not in _APART and _joins(folded[pos], tok):
            return None
        raw.extend([(start + s, start + e, entry) for s, e, entry in info.hits])
    return raw


# Characters that belong to no token (the usual neighbours of one): no _joins call needed.
_APART = frozenset(" \n\t\r.,;:-\"'()[]{}/\\+=<>|~^%&\u00a0\u201e\u201c\u201d\u2013\u2014")


def _joins(ch: str, tok: str) -> bool:
    """Whether ``ch`` next to ``tok`` would be part of the same TOKEN match."""
    if tok[0] in "!?":
        return ch in "!?"
    return ch.isalnum() or ch in "_@$€*#"  # \w is isalnum() or "_"


def _addressed(folded: str, start: int, end: int) -> bool:
    lo = max(0, start - _ADDRESS_WINDOW)
    return ADDRESS.search(folded, lo, min(len(folded), end + _ADDRESS_WINDOW)) is not None


def _version(rules: Mapping[str, Rule], templates: Mapping[str, Template],
             words: Sequence[str], domains: Sequence[str]) -> str:
    def plain(obj: object) -> object:
        if hasattr(obj, "__dataclass_fields__"):
            return {k: plain(getattr(obj, k)) for k in obj.__dataclass_fields__ if k != "source"}
        if isinstance(obj, (tuple, list)):
            return [plain(x) for x in obj]
        return obj

    doc = {"rules": {k: plain(v) for k, v in sorted(rules.items())},
           "templates": {k: plain(v) for k, v in sorted(templates.items())},
           "allow": [sorted(words), sorted(domains)]}
    blob = json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def load_ruleset(paths: Sequence[Path] = (), *, include_default: bool = True) -> RuleSet:
    """Load the default rules and templates, then extend/override them with ``paths``.

    Raises :class:`RuleError` naming file, rule id and field of every problem.
    """
    problems: list[str] = []
    raw = read_files(paths, problems, include_default=include_default)
    templates = build_templates(raw, problems)
    rules = build_rules(raw, problems)
    if problems:
        raise RuleError(problems)
    scorer = Scorer.load() if any(r.model is not None for r in rules.values()) else None
    try:
        return RuleSet(rules, templates, raw.allow_words, raw.allow_domains, scorer)
    except re.error as exc:  # patterns that compile alone but clash when combined
        raise RuleError(f"Regeln lassen sich nicht kombinieren: {exc}") from None
