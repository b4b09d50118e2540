"""Per-stage CPU cost of ``RuleSet.check`` (µs per comment), for the benchmark's breakdown.

Each stage runs on its own over all comments, with its inputs prepared by the stages before
it, so the numbers add up to about one ``check`` (no timer calls inside the hot path).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from netiquette import RuleSet
from netiquette.normalize import normalize
from netiquette.structural import CHECKS


def _best_us(fn: Callable[[], object], n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best / n * 1e6


def stage_costs(rs: RuleSet, texts: list[str], repeat: int = 3) -> dict[str, float]:
    """µs per comment for normalise, token scan, term findings, structural checks, the
    structural findings + model, and result + template ranking; plus the whole ``check``."""
    n = len(texts)
    norms = [normalize(t) for t in texts]
    hits_of = [{} for _ in texts]
    scans = [rs._scan(nm.text, h) for nm, h in zip(norms, hits_of)]
    checks = [(CHECKS[name], rids) for name, rids in rs._c.checks.items()]
    ctx = rs._ctx

    def structural() -> list[dict[str, list]]:
        out = []
        for text in texts:
            found_by: dict[str, list] = {}
            for fn, rids in checks:
                found = fn(text, ctx)
                for rid in rids if found else ():
                    found_by.setdefault(rid, []).extend(found)
            out.append(found_by)
        return out

    structs = structural()

    def tail() -> list:
        out = []
        for nm, h, sc, st in zip(norms, hits_of, scans, structs):
            f = rs._findings(nm, h)
            for rid, found in st.items():
                whys = ", ".join(dict.fromkeys(why for _, _, why in found))
                f[rid] = rs._finding(rid, [(s, e) for s, e, _ in found], nm.original, whys)
            if rs._scorer is not None:
                rs._model(nm, f, rs._scorer.logit(sc.weight, sc.n_tokens), sc.strongest)
            out.append(f)
        return out

    findings = tail()
    found_terms = [rs._findings(nm, h) for nm, h in zip(norms, hits_of)]
    costs = {
        "normalize": _best_us(lambda: [normalize(t) for t in texts], n, repeat),
        "scan": _best_us(lambda: [rs._scan(nm.text, {}) for nm in norms], n, repeat),
        "structural": _best_us(structural, n, repeat),
        "findings": _best_us(tail, n, repeat),
        "result+templates": _best_us(
            lambda: [rs._result(nm.text, dict(f), sc.shared)
                     for nm, f, sc in zip(norms, findings, scans)], n, repeat),
        "check": _best_us(lambda: [rs.check(t) for t in texts], n, repeat),
    }
    del found_terms
    return costs
