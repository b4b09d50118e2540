"""Spike detector benchmark: incremental cost at 10k vs 1M history, recompute of 1M comments.

Run: ``.venv/bin/python tests/bench/bench_spikes.py [N]`` (or via pytest -s). Prints, never asserts.
The synthetic history: 20 channels (5 of them Amtfluencer profiles), ~8 posts per channel and
week, a daily cycle, ~5 % hostile comments, one shitstorm per month.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta, timezone

from cm_tui.spikes import Observation, SpikeDetector, recompute

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def history(n: int, seed: int = 7, per_day: int = 2700) -> list[Observation]:
    """``n`` comments, ``per_day`` a day on average, in time order."""
    rng = random.Random(seed)
    channels = [f"kanal{i}" for i in range(20)]
    owners = {c: (f"Person {i}" if i < 5 else None) for i, c in enumerate(channels)}
    out: list[Observation] = []
    t = T0
    mean_gap = 86400 / per_day
    storm_every = 30 * per_day
    i = 0
    while i < n:
        if i % storm_every == storm_every // 2:  # a shitstorm: 400 comments in an hour
            ch = rng.choice(channels)
            for k in range(min(400, n - i)):
                out.append(Observation(t + timedelta(seconds=9 * k), i, f"{ch}:sturm{i}", "Sturm",
                                       ch, owners[ch], f"neu{k}", "Die Stadt lügt uns alle an, Rücktritt jetzt sofort bitte",
                                       ("Beleidigung",), 2, False))
                i += 1
            t += timedelta(hours=1)
            continue
        h = t.hour
        t += timedelta(seconds=rng.expovariate(1 / (mean_gap * (2.0 if h < 7 else 0.8))))
        ch = channels[int(rng.paretovariate(1.2)) % 20]
        post = f"{ch}:{t.isocalendar()[1]}:{rng.randrange(8)}"
        bad = rng.random() < 0.05
        out.append(Observation(t, i, post, "Beitrag", ch, owners[ch], f"u{rng.randrange(20000)}",
                               f"Kommentar {rng.randrange(10**6)} zum Thema", ("Beleidigung",) if bad else (),
                               2 if bad else 0, False))
        i += 1
    return out


def per_obs_us(det: SpikeDetector, obs: list[Observation]) -> float:
    t = time.perf_counter()
    for o in obs:
        det.observe(o)
    return (time.perf_counter() - t) / len(obs) * 1e6


def main(n: int = 1_000_000) -> None:
    t = time.perf_counter()
    obs = history(n + 20_000)
    print(f"history of {len(obs):,} built in {time.perf_counter() - t:.1f} s")
    probe_small, probe_big = obs[10_000:20_000], obs[n:n + 20_000]

    det = SpikeDetector()
    for o in obs[:10_000]:
        det.observe(o)
    print(f"incremental, history 10k: {per_obs_us(det, probe_small):.1f} µs/observation")

    t = time.perf_counter()
    det = recompute(obs[:n])
    dt = time.perf_counter() - t
    print(f"recompute {n:,}: {dt:.2f} s ({len(det.events())} spikes)")
    print(f"incremental, history {n:,}: {per_obs_us(det, probe_big):.1f} µs/observation")

    t = time.perf_counter()
    live = SpikeDetector()
    for o in obs[:200_000]:
        live.observe(o)
    print(f"observe() one by one, 200k: {time.perf_counter() - t:.2f} s")


def test_bench_spikes() -> None:
    main()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
