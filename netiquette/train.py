"""Train the shipped insult scorer (``data/model.json.gz``) on GermEval-format data.

Pure Python: logistic regression with AdaGrad over the features of
:func:`netiquette.scorer.word_features`, class-balanced, L2-regularised, then pruned to the
strongest weights so the file stays small. Data: GermEval 2018 (CC BY 4.0, Wiegand, Siegel &
Ruppenhofer 2018).

    python -m netiquette.train DATA.tsv --holdout      # 80/20 split: report held-out scores
    python -m netiquette.train DATA.tsv --write        # train on all of DATA, write the model

The split is by a hash of the text (stable, no memorised ids). The decision threshold stored
in rule R05b is chosen on the held-out part for the combined rules+model verdict.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from .evaluate import read_labelled, scores
from .normalize import normalize
from .scorer import MODEL_PATH, Scorer, tokens, word_features


def features(text: str) -> list[str]:
    """All features of a comment, as the scorer sees them at run time."""
    out: list[str] = []
    for m in tokens(normalize(text.replace("|LBR|", " ")).text):
        out.extend(word_features(m.group()))
    return out


def fit(docs: list[list[str]], labels: list[int], epochs: int = 12, rate: float = 0.1,
        l2: float = 1e-4, seed: int = 1) -> tuple[dict[str, float], float]:
    """Logistic regression by AdaGrad; inputs scaled by 1/sqrt(n+1) like :class:`Scorer`."""
    weights: dict[str, float] = defaultdict(float)
    grad_sq: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, bias_sq = 0.0, 1e-8
    pos = sum(labels)
    class_weight = {1: len(labels) / (2 * pos), 0: len(labels) / (2 * (len(labels) - pos))}
    order = list(range(len(docs)))
    rnd = random.Random(seed)
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            x = docs[i]
            scale = 1.0 / math.sqrt(len(x) + 1)
            z = bias + sum(weights[f] for f in x) * scale
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - labels[i]) * class_weight[labels[i]]
            for f in x:
                gf = g * scale + l2 * weights[f]
                grad_sq[f] += gf * gf
                weights[f] -= rate * gf / math.sqrt(grad_sq[f])
            bias_sq += g * g
            bias -= rate * g / math.sqrt(bias_sq)
    return dict(weights), bias


def prune(weights: dict[str, float], docs: list[list[str]], keep: int) -> dict[str, float]:
    """Keep features seen in at least two comments, strongest ``keep`` by absolute weight."""
    df = Counter(f for x in docs for f in set(x))
    strong = sorted((f for f in weights if df[f] >= 2), key=lambda f: -abs(weights[f]))
    return {f: round(weights[f], 3) for f in strong[:keep] if abs(weights[f]) >= 0.005}


def is_heldout(text: str) -> bool:
    """The stable 20 % evaluation split."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def _signals(text: str, scorer: Scorer) -> tuple[float, float]:
    toks = tokens(normalize(text).text)
    weights = [scorer.word_weight(m.group()) for m in toks]
    return scorer.logit(sum(weights), len(weights)), max(weights, default=0.0)


def _evaluate(texts: list[str], gold: list[bool], scorer: Scorer) -> None:
    from .ruleset import load_ruleset

    rs = load_ruleset()
    model_rule = next(r for r in rs.rules.values() if r.model is not None)
    rules_only = {rid for rid, r in rs.rules.items() if r.flag and r.model is None}
    by_rules = [any(f.rule_id in rules_only for f in rs.check(t).findings) for t in texts]
    signals = [_signals(t, scorer) for t in texts]
    r = scores(by_rules, gold)
    print(f"nur Regeln: macro-F1 {r['macro_f1']:.3f} (P {r['precision']:.3f} R {r['recall']:.3f})")
    for th in sorted({0.0, 0.6, 1.2, model_rule.model or 0.0}):
        for mw in sorted({0.0, model_rule.model_word}):
            model = [z >= th and s >= mw for z, s in signals]
            m = scores(model, gold)
            c = scores([a or b for a, b in zip(by_rules, model)], gold)
            mark = "  <- ausgeliefert" if (th, mw) == (model_rule.model, model_rule.model_word) else ""
            print(f"Schwelle {th:+.2f}, stärkstes Wort ≥ {mw:.1f}: Modell macro-F1 "
                  f"{m['macro_f1']:.3f} | Regeln+Modell macro-F1 {c['macro_f1']:.3f} "
                  f"(P {c['precision']:.3f} R {c['recall']:.3f}){mark}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry; see the module docstring."""
    ap = argparse.ArgumentParser(prog="python -m netiquette.train")
    ap.add_argument("data", type=Path)
    ap.add_argument("--holdout", action="store_true", help="auf 80 % trainieren, 20 % messen")
    ap.add_argument("--write", action="store_true", help=f"Modell nach {MODEL_PATH} schreiben")
    ap.add_argument("--keep", type=int, default=16000, help="Anzahl behaltener Merkmale")
    args = ap.parse_args(argv)
    rows = read_labelled(args.data)
    train = [r for r in rows if not (args.holdout and is_heldout(r[0]))]
    test = [r for r in rows if args.holdout and is_heldout(r[0])]
    docs = [features(t) for t, _ in train]
    weights, bias = fit(docs, [int(y) for _, y in train])
    weights = prune(weights, docs, args.keep)
    scorer = Scorer(weights, bias)
    print(f"Training: {len(train)} Kommentare, {len(weights)} Merkmale", file=sys.stderr)
    if test:
        _evaluate([t for t, _ in test], [y for _, y in test], scorer)
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        doc = {"bias": round(bias, 4), "weights": weights,
               "meta": {"data": "GermEval 2018 training (CC BY 4.0)", "n": len(train)}}
        with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        print(f"geschrieben: {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
