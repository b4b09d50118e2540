"""Throughput of ``RuleSet.check`` on ~200-character realistic comments (run by hand).

    .venv/bin/python tests/bench/bench_netiquette.py          # prints comments/s (CPU time)
    make bench                                                # via pytest, prints the same
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import netiquette
from netiquette import NearDuplicateIndex, load_ruleset

_OPENERS = [
    "Liebe Stadtverwaltung,", "Hallo zusammen,", "@Stadt_Musterstadt", "Also ehrlich,",
    "Moin,", "Guten Tag,", "Sorry, aber", "Frage an die Stadt:", "",
]
_BODIES = [
    "warum dauert die Baustelle in der Hauptstraße schon wieder so lange? Seit Wochen passiert da nichts",
    "die neuen Radwege am Marktplatz sind wirklich gelungen, danke an alle Beteiligten",
    "wann hat das Bürgerbüro am Samstag offen? Ich brauche dringend einen neuen Personalausweis",
    "in der Goethestraße ist seit Tagen ein riesiges Schlagloch, das ist gefährlich für Radfahrer",
    "die Entscheidung des Stadtrats ist aus meiner Sicht völlig falsch und viel zu teuer",
    "der Bürgermeister ist ein Vollidiot und sollte endlich zurücktreten",
    "ihr seid doch alle korrupt, die Verwaltung kassiert ab und wir zahlen",
    "am 18.8. kostet der Eintritt im Freibad nur 3,50 Euro, super Aktion",
    "schon wieder keine Müllabfuhr in der Lindenallee, die gelben Säcke stinken",
    "diese Schei**e mit den Parkgebühren nervt echt, 88 Euro für ein Jahr ist zu viel",
    "Flüchtlinge sind Ratten und Parasiten, die gehören alle raus",
    "toll, dass die Bibliothek jetzt auch sonntags geöffnet ist, weiter so",
    "meine Nummer ist 0176 12345678, ruft mich bitte wegen dem Termin zurück",
    "w4s für 1d10ten sitzen da im Rathaus eigentlich",
]
_CLOSERS = ["Danke!", "Viele Grüße", "😡😡", "👍", "Bitte kümmert euch darum.", "!!!", "", "Mfg"]


def comments(n: int, seed: int = 7) -> list[str]:
    """``n`` comments of about 200 characters from a fixed mix of clean and offending ones."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rnd.choice(_OPENERS), rnd.choice(_BODIES)]
        while sum(len(p) for p in parts) < 170:
            parts.append(rnd.choice(_BODIES).lower())
        parts.append(rnd.choice(_CLOSERS))
        out.append(" ".join(p for p in parts if p)[:230])
    return out


GERMEVAL = Path("/work/shared/data/germeval2018/germeval2018.training.txt")


def _cpu_rates(fn, items: list[str], repeat: int) -> list[float]:
    """Items per CPU second of this process, one rate per pass over ``items``."""
    rates = []
    for _ in range(repeat):
        t0 = time.process_time()
        for item in items:
            fn(item)
        took = time.process_time() - t0
        rates.append(len(items) / took if took > 0 else float("inf"))
    return rates


def _cpu_rate(fn, items: list[str], repeat: int) -> float:
    """Items per CPU second of this process: the best of ``repeat`` passes."""
    return max(_cpu_rates(fn, items, repeat))


def measure(n: int = 20000, repeat: int = 3) -> dict[str, float]:
    """Warm up, then time ``check`` and ``NearDuplicateIndex.add`` over ``n`` comments.

    CPU time of this process is used (the shared machine's wall clock is noisy), best of
    ``repeat`` passes.
    """
    rs = load_ruleset()
    data = comments(n)
    for text in data[:2000]:
        rs.check(text)
    flagged = sum(rs.check(text).flagged for text in data)
    check_rates = _cpu_rates(rs.check, data, repeat)
    check_rate = max(check_rates)
    index = NearDuplicateIndex()
    t0 = time.process_time()
    for i, text in enumerate(data):
        index.add(str(i), text, f"user{i % 500}", float(i))
    dup_rate = n / (time.process_time() - t0)
    avg_len = sum(map(len, data)) / n
    cold = warm = 0.0
    if GERMEVAL.exists():
        # Unseen real tweets through a fresh rule set: no warm token caches; then again warm.
        tweets = [ln.split("\t")[0] for ln in GERMEVAL.read_text(encoding="utf-8").splitlines()]
        cold = _cpu_rate(load_ruleset().check, tweets, 1)
        fresh = load_ruleset()
        for text in tweets:
            fresh.check(text)
        warm = _cpu_rate(fresh.check, tweets, repeat)
    try:  # run as a script (tests/bench on sys.path) or collected by pytest (rootdir import)
        from netiquette_stages import stage_costs
    except ImportError:  # pragma: no cover
        from tests.bench.netiquette_stages import stage_costs
    stages = stage_costs(rs, data[:4000], repeat)
    return {"n": n, "avg_chars": avg_len, "flagged": flagged,
            "check_per_s": check_rate, "check_worst_per_s": min(check_rates),
            "dup_add_per_s": dup_rate,
            "germeval_cold_per_s": cold, "germeval_warm_per_s": warm, "stages_us": stages}


def test_bench_netiquette() -> None:
    stats = measure()
    stages = ", ".join(f"{k} {v:.0f}" for k, v in stats["stages_us"].items())
    build = "kompiliert (mypyc)" if netiquette.COMPILED else "reines Python (NETIQUETTE_PURE=1?)"
    print(f"\ncheck [{build}]: {stats['check_per_s']:,.0f} Kommentare/s CPU "
          f"(schlechtester Durchgang {stats['check_worst_per_s']:,.0f}/s; "
          f"n={stats['n']}, Ø {stats['avg_chars']:.0f} Zeichen, {stats['flagged']} markiert); "
          f"NearDuplicateIndex.add: {stats['dup_add_per_s']:,.0f}/s; "
          f"GermEval-Tweets: kalte Caches {stats['germeval_cold_per_s']:,.0f}/s, "
          f"warm {stats['germeval_warm_per_s']:,.0f}/s\n"
          f"Stufen (µs je Kommentar, einzeln gemessen): {stages}")


if __name__ == "__main__":
    test_bench_netiquette()
