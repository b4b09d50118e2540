"""A small learned insult scorer: a linear model over words and in-word character 4-grams.

The weights ship in ``data/model.json.gz`` (trained by :mod:`netiquette.train` on GermEval
2018, CC BY 4.0, Wiegand/Siegel/Ruppenhofer). The score is linear per word, so every flag
can name the words that drove it. Per-word contributions are memoised: a comment costs one
dictionary look-up per word once the vocabulary is warm.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .normalize import TOKEN

MODEL_PATH = Path(__file__).parent / "data" / "model.json.gz"
# TOKEN (one tokenisation for rules, model and templates) lives in normalize, which tokenises
# on its fast path; tokens starting with @ are mentions and carry no model weight.


# Identity words are never evidence of an insult on their own (overblocking them silences the
# people they name), so the model gives them no weight, in training and at run time.
NEUTRAL = frozenset(
    "schwul schwule schwulen lesbisch lesbe lesben queer homosexuell homosexuelle trans "
    "jude juden jüdin jüdisch jüdische muslim muslime muslima muslimisch islam islamisch "
    "moslem moslems christ christen christlich flüchtling flüchtlinge flüchtlingen migrant "
    "migranten migrantin ausländer ausländerin türke türken türkin araber arabisch afrikaner "
    "schwarz schwarze schwarzer sinti roma behinderung rollstuhl frau frauen".split()
)


# Function words (articles, pronouns except the second person, prepositions, conjunctions,
# auxiliaries, question words, particles) carry no features either: on 5,000 tweets the model
# learned "dieses", "wie", "sowas" or "ganze" as insult evidence, which turned harmless
# municipal questions into flags. Second-person address ("du", "ihr", "euch") stays a feature.
STOPWORDS = frozenset(
    "der die das den dem des ein eine einen einem einer eines dieser diese dieses diesen diesem "
    "jener jene jenes welche welcher welches welchen welchem wer wen wem wessen was wie wo wann "
    "warum wieso weshalb woher wohin womit und oder aber denn sondern doch noch schon auch nur "
    "mal ja nein nicht kein keine keinen keinem keiner keines ich mich mir wir uns er ihm ihn es "
    "man sich sein seine seinen seinem seiner seines unser unsere unseren unserem unserer mein "
    "meine meinen meinem meiner meines in im an am auf aus bei mit nach von vom zu zum zur für "
    "fuer über ueber unter vor hinter neben zwischen durch gegen ohne um bis seit ab ist sind "
    "war waren bin bist seid sei wird werden wurde wurden worden hat haben hatte hatten habe "
    "hast habt kann können könnte muss müssen soll sollte sollen darf will wollen würde würden "
    "dass daß als wenn ob weil damit so sehr mehr viel viele ganz ganze ganzen ganzes alle "
    "alles allen aller jeder jede jedes jeden da dann hier dort jetzt heute immer wieder "
    "eigentlich sowas etwas nichts sowie bzw usw etc".split()
)
# A word's character 4-grams together count like about one feature (each weighs 1/sqrt(k) of
# k grams), so a long harmless compound ("Schulabschluss", "Geschwisterkindern") cannot pile
# up the small weights of a dozen grams it shares with insults into a strong signal.
NGRAM_SCALE = 0.5


def word_features(word: str) -> list[tuple[str, float]]:
    """Features of one folded token with their values: the token itself (1.0) and, for
    words, its character 4-grams (1/sqrt(k) each for k grams).

    Identity words (:data:`NEUTRAL`) and function words (:data:`STOPWORDS`) have no features.
    """
    if word in NEUTRAL or word in STOPWORDS:
        return []
    feats = [("w:" + word, 1.0)]
    if len(word) >= 5 and word.isalpha():
        padded = f"<{word}>"
        k = len(padded) - 3
        value = k ** -NGRAM_SCALE
        feats.extend(("c:" + padded[i:i + 4], value) for i in range(k))
    return feats


def tokens(folded: str) -> list[re.Match[str]]:
    """Model tokens of a folded comment (mentions dropped)."""
    return [m for m in TOKEN.finditer(folded) if m.group()[0] != "@"]


@dataclass(frozen=True, slots=True)
class Score:
    """Model output: logit, probability and the words that pushed it up (with offsets)."""

    logit: float
    probability: float
    top: tuple[tuple[int, int, str, float], ...]


class Scorer:
    """Loads the shipped weights and scores folded comment text."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias
        self.neutral: frozenset[str] = NEUTRAL  # extended by a rule set's allow words
        self._cache: dict[str, float] = {}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Scorer | None:
        """The shipped model, or ``None`` when the file is absent (rules still work)."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]))

    def word_weight(self, word: str) -> float:
        """Summed weight of one word's features (memoised)."""
        value = self._cache.get(word)
        if value is None and word in self.neutral:
            value = 0.0
        if value is None:
            get = self.weights.get
            value = sum(get(f, 0.0) * v for f, v in word_features(word))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = value
        return value

    def logit(self, weight_sum: float, n_tokens: int) -> float:
        """Logit from summed token weights; the fast path in ``RuleSet.check`` uses this."""
        return self.bias + weight_sum / math.sqrt(n_tokens + 1)

    def score(self, folded: str, explain_above: float = -math.inf) -> Score:
        """Score a folded comment; contributions are per word, scaled by 1/sqrt(n+1).

        The driving words are only collected when the logit reaches ``explain_above``.
        """
        toks = tokens(folded)
        scale = 1.0 / math.sqrt(len(toks) + 1)
        weight = self.word_weight
        contribs = [weight(m.group()) for m in toks]
        logit = self.logit(sum(contribs), len(toks))
        top: tuple[tuple[int, int, str, float], ...] = ()
        if logit >= explain_above:
            order = sorted(range(len(toks)), key=lambda i: -contribs[i])[:3]
            top = tuple(
                (toks[i].start(), toks[i].end(), toks[i].group(), contribs[i] * scale)
                for i in order if contribs[i] > 0 and contribs[i] >= 0.3 * contribs[order[0]]
            )
        prob = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
        return Score(logit, prob, top)
