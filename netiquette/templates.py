"""Reply templates: placeholders, rendering, and ranking templates for a comment.

Ranking combines two signals: templates linked to rules that fired, and fuzzy similarity
(rapidfuzz) between the comment and a template's trigger phrases ("Wann hat das Bürgerbüro
offen?" → opening hours). A keyword index over the trigger phrases picks candidates first, so
comments without any trigger word cost one set intersection.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz

from .model import TemplateError

PLACEHOLDERS = frozenset({
    "name", "channel", "rule_id", "rule_title", "clause", "action", "netiquette_url",
    "service_url", "contact_url", "phone", "authority", "deadline", "source_url", "facts_url",
    "emergency_url", "help_url", "signature", "date", "account", "official_url",
})
TRIGGER_BONUS = 0.1
_WORD = re.compile(r"[a-zäöüß]+")
_STOP = frozenset(
    "aber alle auch bitte dann dass denn der die das dem den des doch eine einen einer eines "
    "euch habe haben hier ich ihr ihre ist kann man mein mich mir mit nicht noch oder schon "
    "sein sich sind und uns was wann warum weil welche wenn wer wie wieso wir wird wo zum zur "
    "für von vom bei beim aus auf ein es so im in an am zu ja nein da du sie wo heute stadt "
    "gerade wurde werden immer alles mehr".split()
)


def placeholders_in(text: str) -> set[str]:
    """Names of ``{placeholders}`` in a template text; ``ValueError`` on broken braces."""
    names = set()
    for _, name, spec, conv in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conv:
            raise ValueError(f"ungültiger Platzhalter {{{name}}}")
        names.add(name)
    return names


@dataclass(frozen=True, slots=True)
class Template:
    """A reply text with placeholders, the rules and question intents it answers."""

    id: str
    title: str
    text: str
    rules: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()


def render(template: Template, values: Mapping[str, str]) -> str:
    """Fill ``template``; raises :class:`TemplateError` for unknown or missing placeholders."""
    needed = placeholders_in(template.text)
    unknown = sorted(n for n in needed if n not in PLACEHOLDERS)
    if unknown:
        raise TemplateError(f"Vorlage {template.id}: unbekannter Platzhalter {{{unknown[0]}}}")
    bad = sorted(k for k in values if k not in PLACEHOLDERS)
    if bad:
        raise TemplateError(f"Vorlage {template.id}: unbekannter Platzhalter {{{bad[0]}}} "
                            f"(bekannt: {', '.join(sorted(PLACEHOLDERS))})")
    missing = sorted(n for n in needed if n not in values)
    if missing:
        raise TemplateError(f"Vorlage {template.id}: kein Wert für Platzhalter {{{missing[0]}}}")
    return template.text.format_map({k: str(v) for k, v in values.items()})


def _stem(word: str) -> str:
    return word[:6]


class TemplateRanker:
    """Ranks templates for a comment; built once per rule set."""

    def __init__(self, templates: Iterable[Template]) -> None:
        self._by_rule: dict[str, list[str]] = {}
        self._triggers: list[tuple[str, str, int]] = []  # (template id, phrase, stem count)
        self._index: dict[str, list[int]] = {}
        # Scores from rule links depend only on the ordered rule ids: combinations repeat.
        self._linked: dict[tuple[str, ...], dict[str, float]] = {}
        for tpl in templates:
            for rid in tpl.rules:
                self._by_rule.setdefault(rid, []).append(tpl.id)
            for phrase in tpl.triggers:
                low = phrase.lower()
                stems = {_stem(w) for w in _WORD.findall(low) if w not in _STOP and len(w) >= 4}
                for stem in stems:
                    self._index.setdefault(stem, []).append(len(self._triggers))
                self._triggers.append((tpl.id, low, len(stems)))

    def trigger_ids(self, token: str) -> tuple[int, ...]:
        """Trigger phrases whose content words share this token's stem."""
        if len(token) < 4 or token in _STOP or not token.isalpha():
            return ()
        return tuple(self._index.get(_stem(token), ()))

    def rank(self, folded: str, rule_ids: Iterable[str], limit: int = 5,
             shared: dict[int, int] | None = None) -> list[tuple[str, float]]:
        """Templates for a folded comment and the rules that fired, best first (score 0–1).

        ``shared`` (trigger index -> number of shared words) may be passed in by a caller that
        already tokenised the comment.
        """
        key = tuple(rule_ids)
        linked = self._linked.get(key)
        if linked is None:
            linked = {}
            for rank, rid in enumerate(key):
                for tid in self._by_rule.get(rid, ()):
                    # Rules come most severe first; earlier rules give slightly higher scores.
                    linked[tid] = max(linked.get(tid, 0.0), 0.9 - 0.05 * min(rank, 6))
            if len(self._linked) > 10_000:
                self._linked.clear()
            self._linked[key] = linked
        scores = dict(linked)
        if shared is None:
            shared = {}
            for word in _WORD.findall(folded):
                for idx in self.trigger_ids(word):
                    shared[idx] = shared.get(idx, 0) + 1
        triggers = self._triggers
        for idx, count in shared.items():
            # Only phrases sharing most of their content words are worth a fuzzy comparison.
            if count < 2 and count < triggers[idx][2]:
                continue
            tid, low, _ = triggers[idx]
            # The score is the mean of two ratios and only counts from 0.7 and above the
            # template's current score: ask partial_ratio only for what can still count
            # (score_cutoff makes it return 0 below that, and lets rapidfuzz stop early).
            have = scores.get(tid, 0.0)
            # Below ``floor`` the phrase is skipped (see ``need``): rapidfuzz may return 0 there.
            floor = max(140.0, 200.0 * have) - 100.0 - 1e-6
            tsr = fuzz.token_set_ratio(low, folded, score_cutoff=max(0.0, floor))
            need = max(140.0, 200.0 * have) - tsr - 1e-6
            if need > 100.0:
                continue
            best = (tsr + fuzz.partial_ratio(low, folded, score_cutoff=max(0.0, need))) / 200
            if best >= 0.7:
                # A matched question intent is more specific than a rule link ("Bürgeranliegen"
                # links several templates): it outranks the link at equal similarity.
                scores[tid] = max(have, round(min(1.0, best + TRIGGER_BONUS), 3))
        # Best first, ties by id: a stable descending sort of the id-sorted items.
        ranked = sorted(sorted(scores.items()), key=itemgetter(1), reverse=True)
        return ranked[:limit]
