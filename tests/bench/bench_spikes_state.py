"""Spike checkpoint benchmark: size of the stored state and time to write and read it back.

Run: ``.venv/bin/python tests/bench/bench_spikes_state.py [N]`` builds the detector of the last
21 days of ``bench_spikes.history(N)`` (as a refresh with the default horizon does; the store path
keeps no author sets) and times ``spikes_state.dumps`` and ``state_codec.decode``, best of
``--repeat`` (wall seconds). ``--db PATH`` instead reads the checkpoints a refresh stored in an
existing database (e.g. a copy of the 1M bench database after one ``refresh_spikes``). For
comparison it prints the size the same trimmed detector had as a pickle (the old format; the
pickle is only written here, never read). Prints, never asserts.
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
import time
import zlib
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cm_tui import spikes_state  # noqa: E402
from cm_tui.spikes import DEFAULT_PARAMS, SpikeDetector, recompute  # noqa: E402
from cm_tui.spikes import state_codec  # noqa: E402
from tests.bench.bench_spikes import history  # noqa: E402


def _best(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), max(times)


def _pickled_size(det: SpikeDetector) -> int:
    """What the old format stored for the same (trimmed) detector."""
    trimmed = state_codec.decode(spikes_state.dumps(det), det.params)
    return len(pickle.dumps(trimmed, protocol=pickle.HIGHEST_PROTOCOL))


def report(det: SpikeDetector, label: str, repeat: int) -> None:
    blob = spikes_state.dumps(det)
    enc = _best(lambda: spikes_state.dumps(det), repeat)
    dec = _best(lambda: state_codec.decode(blob, DEFAULT_PARAMS), repeat)
    print(f"{label}: stored {len(blob):,} B (zlib JSON; {len(zlib.decompress(blob)):,} B JSON; "
          f"the pickle was {_pickled_size(det):,} B); dumps best {enc[0] * 1e3:.0f} ms "
          f"(range {enc[0] * 1e3:.0f}-{enc[1] * 1e3:.0f}), decode best {dec[0] * 1e3:.0f} ms "
          f"(range {dec[0] * 1e3:.0f}-{dec[1] * 1e3:.0f}); {len(det.scopes)} scopes, {len(det._active)} open spikes")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, help="read the checkpoints stored in this database")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.db:
        conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        for slot, blob in conn.execute("SELECT id, state FROM spike_checkpoints ORDER BY id"):
            det = state_codec.decode(blob, DEFAULT_PARAMS)
            report(det, f"{args.db.name} checkpoint {slot}", args.repeat)
        return
    t = time.process_time()
    obs = history(args.n)
    since = obs[-1].ts - timedelta(days=21)
    det = recompute([o for o in obs if o.ts >= since])
    det.seen = {}  # the store knows first-time authors from the whole history
    print(f"detector of the last 21 days of {len(obs):,} comments built in {time.process_time() - t:.1f} s CPU")
    report(det, "synthetic", args.repeat)


def test_bench_spikes_state() -> None:
    main(["200000"])


if __name__ == "__main__":
    main()
