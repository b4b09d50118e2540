"""How far plain volume measures separate the NAB Twitter windows from everything else.

Run: ``.venv/bin/python tests/bench/nab_measures.py [DATA_DIR]``

For each measure (a score per 5-minute row, computed from the past only), the highest score inside
each labelled window, and for each such peak the false alarms of the rule "score ≥ that peak" on
all four series (onsets outside every window after the 15 % probation, alarms under an hour apart
are one, as in ``cm_tui.spikes.nab_eval``). A window whose peak costs hundreds of false alarms
cannot be caught by a threshold on that measure. Written for issue 5's note; not run by the tests.
"""

from __future__ import annotations

import csv
import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data/nab-tweets")
DAY = 288  # 5-minute rows
WEEK = 7 * DAY
PROBATION = 0.15
MERGE = 12  # rows: an hour


def load(name: str) -> tuple[np.ndarray, np.ndarray, list[tuple[np.datetime64, np.datetime64]]]:
    windows = json.loads((DATA / "windows.json").read_text())[f"realTweets/Twitter_volume_{name}.csv"]
    with (DATA / f"Twitter_volume_{name}.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    t = np.array([np.datetime64(r["timestamp"]) for r in rows])
    v = np.array([float(r["value"]) for r in rows])
    return t, v, [(np.datetime64(a[:19]), np.datetime64(b[:19])) for a, b in windows]


def rolling_sum(v: np.ndarray, k: int) -> np.ndarray:
    c = np.concatenate(([0.0], np.cumsum(v)))
    out = np.full(len(v), np.nan)
    out[k - 1:] = c[k:] - c[:-k]
    return out


def trailing_median(x: np.ndarray, k: int, lag: int) -> np.ndarray:
    """Median of the ``k`` values ending ``lag`` rows before each row."""
    out = np.full(len(x), np.nan)
    for i in range(k + lag, len(x)):
        out[i] = np.nanmedian(x[i - lag - k + 1:i - lag + 1])
    return out


def vs_weeks(x: np.ndarray) -> np.ndarray:
    """Median of the same row one, two and three weeks before."""
    out = np.full(len(x), np.nan)
    for i in range(len(x)):
        prev = [x[i - k * WEEK] for k in (1, 2, 3) if i - k * WEEK >= 0 and not np.isnan(x[i - k * WEEK])]
        if prev:
            out[i] = np.median(prev)
    return out


def hour_vs_day(v: np.ndarray) -> np.ndarray:
    h = rolling_sum(v, 12)
    return h / np.maximum(trailing_median(h, DAY, 12), 1)


def bucket_vs_2h(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(trailing_median(v, 24, 1), 1)


def hour_vs_weeks(v: np.ndarray) -> np.ndarray:
    h = rolling_sum(v, 12)
    return h / np.maximum(vs_weeks(h), 1)


def day_vs_weeks(v: np.ndarray) -> np.ndarray:
    d = rolling_sum(v, DAY)
    return d / np.maximum(vs_weeks(d), 1)


def dip_3h_vs_weeks(v: np.ndarray) -> np.ndarray:
    h = rolling_sum(v, 36)
    return np.maximum(vs_weeks(h), 1) / np.maximum(h, 1)


MEASURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "60 min / median hour of the day before": hour_vs_day,
    "5 min / median of the 2 h before": bucket_vs_2h,
    "60 min / same hour 1-3 weeks before": hour_vs_weeks,
    "24 h / same day 1-3 weeks before": day_vs_weeks,
    "3 h dip vs same hours 1-3 weeks before": dip_3h_vs_weeks,
}


def false_alarms(t: np.ndarray, s: np.ndarray, windows, threshold: float) -> int:
    inside = np.zeros(len(t), bool)
    for a, b in windows:
        inside |= (t >= a) & (t <= b)
    start, count, last = int(len(t) * PROBATION), 0, -10**9
    for i in np.nonzero(np.nan_to_num(s, nan=-np.inf) >= threshold)[0]:
        if i - last > MERGE and i >= start and not inside[i]:
            count += 1
        last = i
    return count


def main() -> None:
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # medians of the first, empty rows
    series = {n: load(n) for n in ("AAPL", "FB", "GOOG", "IBM")}
    for title, measure in MEASURES.items():
        scores = {n: measure(v) for n, (_t, v, _w) in series.items()}
        print(title)
        for n, (t, _v, windows) in series.items():
            for k, (a, b) in enumerate(windows, 1):
                inside = scores[n][(t >= a) & (t <= b)]
                peak = float(np.nanmax(inside)) if np.isfinite(inside).any() else float("nan")
                cost = sum(false_alarms(tt, scores[m], ww, peak) for m, (tt, _vv, ww) in series.items()) \
                    if np.isfinite(peak) else "-"
                print(f"   {n:4} window {k}: peak {peak:7.2f}  false alarms at that threshold: {cost}")


if __name__ == "__main__":
    main()
