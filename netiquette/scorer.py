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

MODEL_PATH = Path(__file__).parent / "data" / "model.json.gz"
# One tokenisation for rules, model and templates: words with leet and mask characters, and
# runs of ! and ?. Tokens starting with @ are mentions and carry no model weight.
TOKEN = re.compile(r"[\w@$€*#]+|[!?]+")


# Identity words are never evidence of an insult on their own (overblocking them silences the
# people they name), so the model gives them no weight, in training and at run time.
NEUTRAL = frozenset(
    "schwul schwule schwulen lesbisch lesbe lesben queer homosexuell homosexuelle trans "
    "jude juden jüdin jüdisch jüdische muslim muslime muslima muslimisch islam islamisch "
    "moslem moslems christ christen christlich flüchtling flüchtlinge flüchtlingen migrant "
    "migranten migrantin ausländer ausländerin türke türken türkin araber arabisch afrikaner "
    "schwarz schwarze schwarzer sinti roma behinderung rollstuhl frau frauen".split()
)


def word_features(word: str) -> list[str]:
    """Features of one folded token: the token itself and, for words, its character 4-grams.

    Identity words (:data:`NEUTRAL`) have no features.
    """
    if word in NEUTRAL:
        return []
    feats = ["w:" + word]
    if len(word) >= 5 and word.isalpha():
        padded = f"<{word}>"
        feats.extend("c:" + padded[i:i + 4] for i in range(len(padded) - 3))
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
            value = sum(get(f, 0.0) for f in word_features(word))
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
