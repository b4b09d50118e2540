"""Per-stage CPU cost of ``RuleSet.check`` (µs per comment), for the benchmark's breakdown.

Each stage runs on its own over all comments, with its inputs prepared by the stages before
it (no timer calls inside the hot path), so the stages add up to about one ``check``; what is
left is the glue in ``check`` itself and cache effects of running the stages interleaved.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from netiquette import RuleSet
from netiquette.normalize import normalize_tokens
from netiquette.structural import CHECKS


def _best_us(fn: Callable[[], object], n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best / n * 1e6


def stage_costs(rs: RuleSet, texts: list[str], repeat: int = 3) -> dict[str, float]:
    """µs per comment: normalise (+ tokens), token scan (terms, patterns, multi-word terms),
    term findings, structural checks (+ their findings), model, result + template ranking,
    and the whole ``check`` for comparison."""
    n = len(texts)
    prepared = [normalize_tokens(t) for t in texts]
    hits_of: list[dict] = [{} for _ in texts]
    scans = [rs._scan(nm.text, h, toks) for (nm, toks), h in zip(prepared, hits_of)]
    checks = [(CHECKS[name], rids) for name, rids in rs._c.checks.items()]
    ctx = rs._ctx

    def normalize() -> None:
        for text in texts:
            normalize_tokens(text)

    def scan() -> None:
        for nm, toks in prepared:
            rs._scan(nm.text, {}, toks)

    def term_findings() -> None:
        for (nm, _), h in zip(prepared, hits_of):
            rs._findings(nm, h)

    def structural() -> None:
        for text in texts:
            found_by: dict[str, list] = {}
            for fn, rids in checks:
                found = fn(text, ctx)
                for rid in rids if found else ():
                    found_by.setdefault(rid, []).extend(found)
            for rid, found in found_by.items():
                whys = ", ".join(dict.fromkeys(why for _, _, why in found))
                rs._finding(rid, [(s, e) for s, e, _ in found], text, whys)

    findings = [rs.check(t).findings for t in texts]
    as_dicts = [{f.rule_id: f for f in fs} for fs in findings]
    term_only = [rs._findings(nm, h) for (nm, _), h in zip(prepared, hits_of)]

    def model() -> None:
        if rs._scorer is None:
            return
        for (nm, _), sc, f in zip(prepared, scans, term_only):
            rs._model(nm, dict(f), rs._scorer.logit(sc.weight, sc.n_tokens), sc.strongest)

    def result() -> None:
        for (nm, _), f, sc in zip(prepared, as_dicts, scans):
            rs._result(nm.text, f, sc.shared)

    def check() -> None:
        for text in texts:
            rs.check(text)

    return {
        "normalize+tokens": _best_us(normalize, n, repeat),
        "scan": _best_us(scan, n, repeat),
        "term findings": _best_us(term_findings, n, repeat),
        "structural": _best_us(structural, n, repeat),
        "model": _best_us(model, n, repeat),
        "result+templates": _best_us(result, n, repeat),
        "check": _best_us(check, n, repeat),
    }
