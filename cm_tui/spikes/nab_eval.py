"""Evaluate the rate alarm on the NAB Twitter-volume series (Numenta Anomaly Benchmark, MIT licence).

Run: ``.venv/bin/python -m cm_tui.spikes.nab_eval [DATA_DIR] [--loo]``

Per series it prints the labelled windows caught, the position of the first alarm inside each
window (0 = window start, 0.5 = the labelled anomaly at the window centre, 1 = end) and the false
alarms: alarm onsets (rising edges; alarms less than ``--merge`` minutes apart are one) that start
outside every window. As in NAB, the first 15 % of each file is a probationary period whose alarms
are not counted. ``--loo`` picks parameters from a small grid on three series and tests them on
the fourth, for each of the four, to show whether the shipped defaults generalise.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import itertools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .params import DEFAULT_PARAMS, SpikeParams
from .rate import RateModel, bucket_of, replay_series

DEFAULT_DIR = Path("/work/shared/data/nab-tweets")
PROBATION = 0.15


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.strip()).replace(tzinfo=timezone.utc)


def load(data_dir: Path) -> dict[str, tuple[list[tuple[datetime, float]], list[tuple[datetime, datetime]]]]:
    """Series name → (rows, windows)."""
    windows = json.loads((data_dir / "windows.json").read_text())
    out = {}
    for key, wins in sorted(windows.items()):
        path = data_dir / Path(key).name
        with path.open(newline="") as fh:
            rows = [(_ts(r["timestamp"]), float(r["value"])) for r in csv.DictReader(fh)]
        out[Path(key).stem.replace("Twitter_volume_", "")] = (rows, [(_ts(a), _ts(b)) for a, b in wins])
    return out


@dataclasses.dataclass
class Result:
    """Outcome on one series."""

    windows: int
    caught: int
    positions: list[float | None]
    minutes: list[float | None]  # first alarm, minutes after window start
    false_alarms: int
    false_times: list[datetime]


def evaluate(rows, windows, params: SpikeParams = DEFAULT_PARAMS, merge_minutes: int = 60) -> Result:
    """Score one series: windows caught, first-alarm positions, false alarm onsets."""
    probation_end = rows[int(len(rows) * PROBATION)][0]
    alarms = [ts for ts, _v, _s, a in replay_series(rows, params) if a]
    onsets: list[datetime] = []
    last: datetime | None = None
    for ts in alarms:
        if last is None or ts - last > timedelta(minutes=merge_minutes):
            onsets.append(ts)
        last = ts
    positions: list[float | None] = []
    minutes: list[float | None] = []
    for a, b in windows:
        inside = [t for t in alarms if a <= t <= b]
        positions.append((inside[0] - a) / (b - a) if inside else None)
        minutes.append((inside[0] - a).total_seconds() / 60 if inside else None)
    false = [t for t in onsets if t >= probation_end and not any(a <= t <= b for a, b in windows)]
    caught = sum(p is not None for p in positions)
    return Result(len(windows), caught, positions, minutes, len(false), false)


def ratios(rows, params: SpikeParams = DEFAULT_PARAMS) -> list[float]:
    """Per row, the 60-minute count over the rate model's expectation (the detector's ratio)."""
    model = RateModel(params)
    out = []
    for i, (ts, value) in enumerate(rows):
        b = bucket_of(ts)
        if i == 0:
            model.seed(max(value * 12, params.prior_per_hour))
        model.add(b, int(round(value)))
        out.append(model.read(b).ratio)
    return out


def separability(rows, windows, r: Result, params: SpikeParams = DEFAULT_PARAMS) -> str:
    """How far a volume threshold can separate: the highest ratio inside each labelled window,
    and the highest within two hours of each false alarm's onset."""
    rs = ratios(rows, params)
    times = [t for t, _v in rows]
    wins = [max((x for t, x in zip(times, rs, strict=True) if a <= t <= b), default=0.0) for a, b in windows]
    falses = [max(x for t, x in zip(times, rs, strict=True) if f <= t <= f + timedelta(hours=2))
              for f in r.false_times]
    return (f"      höchster 60-min-Faktor in den Fenstern [{', '.join(f'{x:.1f}' for x in wins)}], "
            f"bei den Fehlalarmen [{', '.join(f'{x:.1f}' for x in falses)}]")


def onsets_at_or_above(rows, rs: list[float], windows, threshold: float, merge_minutes: int = 60) -> int:
    """Alarm onsets outside every window (after probation) of the rule "ratio ≥ threshold"."""
    probation_end = rows[int(len(rows) * PROBATION)][0]
    count, last = 0, None
    for (ts, _v), x in zip(rows, rs, strict=True):
        if x < threshold:
            continue
        if (last is None or ts - last > timedelta(minutes=merge_minutes)) and ts >= probation_end \
                and not any(a <= ts <= b for a, b in windows):
            count += 1
        last = ts
    return count


def window_costs(data, params: SpikeParams = DEFAULT_PARAMS) -> list[tuple[str, int, float, int]]:
    """Per labelled window: (series, window number, its highest 60-minute factor, the false alarms
    on all series of a rule that alarms at that factor). The lowest peak bounds every detector that
    alarms on "n times the usual rate": to catch every window it must pay that window's cost."""
    rs = {name: ratios(rows, params) for name, (rows, _w) in data.items()}
    peaks = []
    for name, (rows, windows) in data.items():
        for k, (a, b) in enumerate(windows, 1):
            peak = max((x for (t, _v), x in zip(rows, rs[name], strict=True) if a <= t <= b), default=0.0)
            peaks.append((name, k, peak))
    return [(name, k, peak, sum(onsets_at_or_above(rows, rs[n], w, peak) for n, (rows, w) in data.items()))
            for name, k, peak in peaks]


def _fmt(name: str, r: Result) -> str:
    pos = ", ".join("–" if p is None else f"{p:.2f} ({m:,.0f} min)".replace(",", ".")
                    for p, m in zip(r.positions, r.minutes, strict=True))
    return f"{name:5} Fenster erkannt {r.caught}/{r.windows}  erste Alarme bei [{pos}]  Fehlalarme {r.false_alarms}"


GRID = {
    "z_on": (6.0, 8.0, 10.0, 12.0, 15.0),
    "ratio_min": (3.0, 4.0, 5.0),
    "short_z_factor": (1.5, 2.0, 3.0),
}


def _cost(results: list[Result]) -> tuple:
    missed = sum(r.windows - r.caught for r in results)
    fa = sum(r.false_alarms for r in results)
    late = sum(p for r in results for p in r.positions if p is not None)
    return (missed, fa, late)


def leave_one_out(data) -> None:
    """Tune on three series, test on the fourth; print what was chosen and how it did."""
    names = list(data)
    combos = [dict(zip(GRID, v)) for v in itertools.product(*GRID.values())]
    cache: dict[tuple[str, int], Result] = {}
    for i, c in enumerate(combos):
        params = dataclasses.replace(DEFAULT_PARAMS, **c)
        for n in names:
            cache[(n, i)] = evaluate(*data[n], params)
    for held in names:
        train = [n for n in names if n != held]
        best = min(range(len(combos)), key=lambda i: _cost([cache[(n, i)] for n in train]))
        print(f"ohne {held}: gewählt {combos[best]}  Training {_cost([cache[(n, best)] for n in train])}")
        print("   Test  " + _fmt(held, cache[(held, best)]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--loo", action="store_true", help="leave-one-out über einem kleinen Raster")
    ap.add_argument("--merge", type=int, default=60, help="Minuten, die Alarme zu einem verbinden")
    ap.add_argument("--verbose", action="store_true",
                    help="Zeitpunkte der Fehlalarme und die Faktoren (Zählung/Erwartung) in Fenstern und Fehlalarmen")
    args = ap.parse_args(argv)
    data = load(args.data_dir)
    total = [0, 0, 0]
    for name, (rows, wins) in data.items():
        r = evaluate(rows, wins, DEFAULT_PARAMS, args.merge)
        print(_fmt(name, r))
        if args.verbose:
            for t in r.false_times:
                print("      Fehlalarm", t.isoformat())
            print(separability(rows, wins, r))
        total[0] += r.caught
        total[1] += r.windows
        total[2] += r.false_alarms
    print(f"gesamt Fenster erkannt {total[0]}/{total[1]}  Fehlalarme {total[2]}")
    if args.verbose:
        print("Preis jedes Fensters: Fehlalarme (alle Reihen) einer Regel »60-min-Faktor ≥ Spitze des Fensters«")
        for name, k, peak, cost in window_costs(data):
            print(f"      {name:5} Fenster {k}: Spitze {peak:.1f}-fach, kostet {cost} Fehlalarme")
    if args.loo:
        leave_one_out(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
