"""Spike detector benchmark: incremental cost at 10k vs 1M history, recompute of 1M comments, and
``spikes_refresh.refresh_spikes`` on a generated 1M-comment database.

Run: ``.venv/bin/python tests/bench/bench_spikes.py [N] [--db-only]`` (or via pytest -s). Prints,
never asserts. Times are CPU seconds of this process (``time.process_time``), best of ``--repeat``.

``--db PATH`` uses an existing database (e.g. a copy of the imported 1M bench database); the
recompute is timed for all history and for the default 21-day horizon. ``--small-import K``
then imports K new comments (the last K of the database, later and under new ids) through
``cm-tui import`` three times and times the spike refresh each import ends with, then the same with
comments dated up to two hours before the newest stored one (the database is changed: use a copy).
The synthetic history: 20 channels (5 of them Amtfluencer profiles), ~8 posts per channel and
week, a daily cycle, ~5 % hostile comments, one shitstorm per month.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cm_tui.spikes import Observation, SpikeDetector, recompute

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
STORM_TEXT = "Die Stadt lügt uns alle an, Rücktritt jetzt sofort bitte"


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
                                       ch, owners[ch], f"neu{k}", STORM_TEXT,
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


# --- a store with n comments, written directly (no importer, no netiquette engine) -------------
_RAW_PAD = "x" * 380  # stored exports keep ~470 characters of raw JSON per comment


def _rows(obs: list[Observation]) -> Iterator[tuple]:
    stamp = "2025-01-01T00:00:00.000000Z"
    for o in obs:
        platform, post_id = "facebook", o.post_key.replace(":", "_")
        rule_ids = "R05" if o.rule_titles else ""
        raw = json.dumps({"id": o.comment, "message": o.text, "pad": _RAW_PAD})
        yield (
            platform, f"c{o.comment}", post_id, o.channel, o.owner, f"id:{o.author}", o.author, o.text,
            o.ts.strftime("%Y-%m-%dT%H:%M:%SZ"), raw, hashlib.md5(o.text.encode()).hexdigest(),  # noqa: S324
            stamp, stamp, "bench", 1 if rule_ids else 0, o.max_severity if rule_ids else -1, 0, rule_ids,
        )


def build_db(path: Path, n: int, seed: int = 7) -> float:
    """Write ``n`` synthetic comments (and their posts) into a new store; returns seconds."""
    from cm_tui.store.db import open_store

    t = time.perf_counter()
    obs = history(n, seed)
    store = open_store(path)
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO comments (platform, native_id, post_id, channel, owner, author_key, author_name, text, "
        "created_at, raw, content_hash, first_seen_at, updated_at, rules_version, flagged, severity, priority, "
        "rule_ids) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        _rows(obs),
    )
    posts = {}
    for o in obs:
        posts.setdefault(o.post_key, o)
    conn.executemany(
        "INSERT INTO posts (platform, native_id, channel, owner, text, created_at) VALUES (?,?,?,?,?,?)",
        [("facebook", k.replace(":", "_"), o.channel, o.owner, f"{o.post_label} {k}\nMehr Text",
          o.ts.strftime("%Y-%m-%dT%H:%M:%SZ")) for k, o in posts.items()],
    )
    # the full-text index in bulk, as the importer does (migration 2)
    conn.execute("INSERT INTO comments_fts (rowid, text, author_name) SELECT id, text, author_name FROM comments")
    conn.execute("COMMIT")
    store.close()
    return time.perf_counter() - t


def bench_refresh(path: Path, repeat: int = 3, titles: dict[str, str] | None = None) -> None:
    """CPU seconds of recomputing all spike state from the stored counts (``detect``: the
    detector after every comment, all history and the 21-day horizon), then of a whole
    ``refresh_spikes`` (rebuild of the horizon, events, membership written). The first run
    derives the per-comment spike columns of comments no refresh has seen (timed apart)."""
    from cm_tui.spikes_refresh import horizon_start, refresh_spikes
    from cm_tui.spikes_store import default_rule_titles, derive, detect
    from cm_tui.store.db import open_store

    t = time.perf_counter()
    store = open_store(path)
    print(f"open (migrations) {time.perf_counter() - t:.1f} s")
    titles = titles or default_rule_titles()
    t = time.perf_counter()
    print(f"derive: {derive(store):,} comments new to the spike refresh in {time.perf_counter() - t:.1f} s")
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    n = store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    for label, since in (("all history", None), ("horizon 21 d", horizon_start(store, 21))):
        times = []
        for i in range(repeat):
            t, w = time.process_time(), time.perf_counter()
            det = detect(store, rule_titles=titles, since=since)
            times.append(time.process_time() - t)
            det.advance(now)
            events = det.events()
            print(f"recompute {label}, {n:,} comments, run {i + 1}: {times[-1]:.2f} s CPU "
                  f"(+events {time.process_time() - t - times[-1]:.2f} s, {time.perf_counter() - w:.2f} s wall, "
                  f"{len(events)} spikes, {det.judged:,} scope-buckets judged)")
        print(f"recompute {label}, {n:,}: best {min(times):.2f} s CPU, range {min(times):.2f}–{max(times):.2f}")
    times = []
    for i in range(repeat):
        t, w = time.process_time(), time.perf_counter()
        events = refresh_spikes(store, now=now, rule_titles=titles, events=False)
        times.append(time.process_time() - t)
        print(f"refresh_spikes (horizon 21 d, written), run {i + 1}: {times[-1]:.2f} s CPU, "
              f"{time.perf_counter() - w:.2f} s wall")
    store.close()


def bench_small_import(path: Path, k: int, repeat: int = 3, late_minutes: int = 0) -> None:
    """Import ``k`` new comments into the database at ``path`` with ``cm-tui import``; time the spike
    refresh at its end and the whole command (wall seconds). ``late_minutes``: the comments are
    dated up to that long before the newest stored one (another platform pulled later)."""
    import sqlite3

    import cm_tui.spikes_refresh as sr
    from cm_tui.cli import main as cli

    real = sr.refresh_spikes
    took: list[float] = []

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return real(*a, **kw)
        finally:
            took.append(time.perf_counter() - t)

    sr.refresh_spikes = timed
    try:
        for i in range(repeat):
            conn = sqlite3.connect(path)
            rows = conn.execute(
                "SELECT platform, native_id, post_id, author_name, author_key, text, channel, owner FROM comments "
                f"ORDER BY id DESC LIMIT {k}").fetchall()
            last = conn.execute("SELECT max(created_at) FROM comments").fetchone()[0]
            conn.close()
            t0 = datetime.fromisoformat(last.replace("Z", "+00:00"))
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
                for j, (platform, native, post, name, author, text, channel, owner) in enumerate(rows):
                    ts = t0 + timedelta(seconds=20 * (j + 1))
                    if late_minutes:
                        ts = t0 - timedelta(minutes=late_minutes) + timedelta(seconds=late_minutes * 60 * j / k)
                    fh.write(json.dumps({
                        "platform": platform, "comment_id": f"{native}-neu{i}-{j}", "post_id": post,
                        "author_name": name, "author_id": (author or "").split(":", 1)[-1], "text": text,
                        "created_at": ts.strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": channel, "owner": owner or "",
                    }, ensure_ascii=False) + "\n")
            w = time.perf_counter()
            cli(["--db", str(path), "import", fh.name, "--quiet"])
            total = time.perf_counter() - w
            Path(fh.name).unlink()
            late = f", dated up to {late_minutes} min before the newest" if late_minutes else ""
            print(f"import of {k} new comments{late}, run {i + 1}: spike refresh {took[-1]:.3f} s wall, "
                  f"whole import {total:.2f} s wall")
    finally:
        sr.refresh_spikes = real


def per_obs_us(det: SpikeDetector, obs: list[Observation]) -> float:
    t = time.process_time()
    for o in obs:
        det.observe(o)
    return (time.process_time() - t) / len(obs) * 1e6


def bench_memory(n: int) -> None:
    t = time.process_time()
    obs = history(n + 20_000)
    print(f"history of {len(obs):,} built in {time.process_time() - t:.1f} s")
    probe_small, probe_big = obs[10_000:20_000], obs[n:n + 20_000]

    det = SpikeDetector()
    for o in obs[:10_000]:
        det.observe(o)
    print(f"incremental, history 10k: {per_obs_us(det, probe_small):.1f} µs/observation")

    t = time.process_time()
    det = recompute(obs[:n])
    dt = time.process_time() - t
    print(f"recompute {n:,} (in memory): {dt:.2f} s CPU ({len(det.events())} spikes)")
    print(f"incremental, history {n:,}: {per_obs_us(det, probe_big):.1f} µs/observation")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="keep the generated database here (reused if it exists)")
    ap.add_argument("--db-only", action="store_true", help="only the refresh_spikes benchmark")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--small-import", type=int, default=0, metavar="K",
                    help="then import K new comments into --db (changes it) and time the refresh")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the full rebuild timings")
    args = ap.parse_args(argv)
    if not args.db_only:
        bench_memory(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        synthetic = not path.exists()
        if synthetic:
            print(f"database with {args.n:,} comments written in {build_db(path, args.n):.1f} s")
        if not args.no_rebuild:
            bench_refresh(path, args.repeat, {"R05": "Beleidigung"} if synthetic else None)
        if args.small_import:
            bench_small_import(path, args.small_import, args.repeat)
            bench_small_import(path, args.small_import, args.repeat, late_minutes=120)


def test_bench_spikes() -> None:
    main([])


if __name__ == "__main__":
    main()
