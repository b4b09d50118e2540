"""Train the shipped insult scorer (``data/model.json.gz``) on GermEval-format data.

Pure Python: logistic regression with AdaGrad over the features of
:func:`netiquette.scorer.word_features`, class-balanced, L2-regularised, then pruned to the
strongest weights so the file stays small. Data: GermEval 2018 (CC BY 4.0, Wiegand, Siegel &
Ruppenhofer 2018).

    python -m netiquette.train DATA.tsv --holdout      # 80/20 split: report held-out scores
    python -m netiquette.train DATA.tsv --write        # train on all of DATA, write the model

The split is by a hash of the text (stable, no memorised ids). The decision threshold stored
in rule R05b is chosen on the held-out part for the combined rules+model verdict.

``--augment CORPUS`` adds the benign rows of the municipal test corpus marked ``train``
(``tests/unit/netiquette/municipal_corpus.tsv``: expect, split, category, text) as OTHER:
tweets alone teach the model that "Schulabschluss" or "Vollsperrung" are insults. The rows
marked ``holdout`` are never trained on; the report counts false flags on them.
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


Doc = tuple[list[tuple[str, float]], int]  # (feature, value) pairs and the number of tokens


def features(text: str) -> Doc:
    """All features of a comment with their values, and its token count, as the scorer sees
    them at run time."""
    out: list[tuple[str, float]] = []
    toks = tokens(normalize(text.replace("|LBR|", " ")).text)
    for m in toks:
        out.extend(word_features(m.group()))
    return out, len(toks)


def fit(docs: list[Doc], labels: list[int], epochs: int = 12, rate: float = 0.1,
        l2: float = 1e-4, seed: int = 1) -> tuple[dict[str, float], float]:
    """Logistic regression by AdaGrad; inputs scaled by 1/sqrt(n+1) for n tokens, exactly as
    :meth:`Scorer.logit` does (the scale once used the feature count, so trained weights did
    not mean at run time what they meant in training)."""
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
            x, n = docs[i]
            scale = 1.0 / math.sqrt(n + 1)
            z = bias + sum(weights[f] * v for f, v in x) * scale
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - labels[i]) * class_weight[labels[i]]
            for f, v in x:
                gf = g * v * scale + l2 * weights[f]
                grad_sq[f] += gf * gf
                weights[f] -= rate * gf / math.sqrt(grad_sq[f])
            bias_sq += g * g
            bias -= rate * g / math.sqrt(bias_sq)
    return dict(weights), bias


def prune(weights: dict[str, float], docs: list[Doc], keep: int) -> dict[str, float]:
    """Keep features seen in at least two comments, strongest ``keep`` by absolute weight."""
    df = Counter(f for x, _ in docs for f in {f for f, _ in x})
    strong = sorted((f for f in weights if df[f] >= 2), key=lambda f: -abs(weights[f]))
    return {f: round(weights[f], 3) for f in strong[:keep] if abs(weights[f]) >= 0.005}


def is_heldout(text: str) -> bool:
    """The stable 20 % evaluation split."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def _signals(text: str, scorer: Scorer) -> tuple[float, float]:
    toks = tokens(normalize(text).text)
    weights = [scorer.word_weight(m.group()) for m in toks]
    return scorer.logit(sum(weights), len(weights)), max(weights, default=0.0)


def read_municipal(path: Path) -> list[tuple[str, str, str, str]]:
    """Rows ``(expect, split, category, text)`` of the municipal corpus; expect is ``ok`` or
    the rule ids that may flag the text (``R05|R05a``)."""
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in ("train", "holdout"):
            raise SystemExit(f"{path}:{no}: erwartet 'expect<TAB>train|holdout<TAB>Kategorie<TAB>Text'")
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    return rows


def _municipal(rows: list[tuple[str, str, str, str]], scorer: Scorer, th: float,
               mw: float) -> None:
    from .ruleset import load_ruleset

    rs = load_ruleset()
    rules_only = {rid for rid, r in rs.rules.items() if r.flag and r.model is None}
    for split in ("train", "holdout"):
        part = [r for r in rows if r[1] == split]
        ok = [t for e, _, _, t in part if e == "ok"]
        bad = [t for e, _, _, t in part if e != "ok"]
        def flagged(t: str) -> bool:
            z, s = _signals(t, scorer)
            by_rules = any(f.rule_id in rules_only for f in rs.check(t).findings)
            return by_rules or (z >= th and s >= mw)
        fp = [t for t in ok if flagged(t)]
        fn = [t for t in bad if not flagged(t)]
        print(f"Kommunal-Korpus {split}: {len(ok)} harmlos, falsch markiert {len(fp)}; "
              f"{len(bad)} Verstöße, übersehen {len(fn)}")
        for t in fp:
            print(f"  falsch markiert: {t}")
        for t in fn:
            print(f"  übersehen: {t}")


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
    ap.add_argument("--holdout", action="store_true", help="auf 80 %% trainieren, 20 %% messen")
    ap.add_argument("--write", action="store_true", help=f"Modell nach {MODEL_PATH} schreiben")
    ap.add_argument("--keep", type=int, default=16000, help="Anzahl behaltener Merkmale")
    ap.add_argument("--augment", type=Path, metavar="KORPUS",
                    help="harmlose Kommunal-Kommentare (split=train) als OTHER dazunehmen")
    args = ap.parse_args(argv)
    rows = read_labelled(args.data)
    train = [r for r in rows if not (args.holdout and is_heldout(r[0]))]
    test = [r for r in rows if args.holdout and is_heldout(r[0])]
    municipal = read_municipal(args.augment) if args.augment else []
    train += [(t, False) for e, split, _, t in municipal if e == "ok" and split == "train"]
    docs = [features(t) for t, _ in train]
    weights, bias = fit(docs, [int(y) for _, y in train])
    weights = prune(weights, docs, args.keep)
    scorer = Scorer(weights, bias)
    print(f"Training: {len(train)} Kommentare, {len(weights)} Merkmale", file=sys.stderr)
    if test:
        _evaluate([t for t, _ in test], [y for _, y in test], scorer)
    if municipal:
        from .ruleset import load_ruleset
        rule = next(r for r in load_ruleset().rules.values() if r.model is not None)
        _municipal(municipal, scorer, rule.model or 0.0, rule.model_word)
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        doc = {"bias": round(bias, 4), "weights": weights,
               "meta": {"data": "GermEval 2018 training (CC BY 4.0)"
                        + (" + municipal corpus, split=train, as OTHER" if municipal else ""),
                        "n": len(train)}}
        with gzip.open(MODEL_PATH, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        print(f"geschrieben: {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
