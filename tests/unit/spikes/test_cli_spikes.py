"""`spikes replay`: output format, exit code 2 with file and line on bad input."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone

import pytest

from cm_tui.cli_spikes import format_events, register
from cm_tui.spikes import Observation, SpikeDetector


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="cm-tui")
    register(ap.add_subparsers(dest="command"))
    return ap.parse_args(argv)


def test_replay_writes_score_and_alarm(tmp_path, capsys):
    t0 = datetime(2025, 1, 6, tzinfo=timezone.utc)
    rows = ["timestamp,value"]
    for i in range(3 * 288):
        v = 400 if 2 * 288 + 100 <= i < 2 * 288 + 112 else 10 + (i % 3)
        rows.append(f"{(t0 + timedelta(minutes=5 * i)).strftime('%Y-%m-%d %H:%M:%S')},{v}")
    f = tmp_path / "reihe.csv"
    f.write_text("\n".join(rows) + "\n")
    args = _parse(["spikes", "replay", str(f)])
    assert args.func(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "timestamp,value,score,alarm"
    assert len(out) == 3 * 288 + 1
    ts, value, score, alarm = out[1].split(",")
    assert ts == "2025-01-06T00:00:00Z" and value == "10" and alarm in ("0", "1")
    assert 0.0 <= float(score) <= 1.0
    alarms = [i for i, line in enumerate(out[1:]) if line.endswith(",1")]
    assert alarms and all(2 * 288 + 100 <= i < 2 * 288 + 124 for i in alarms)


def test_replay_without_header(tmp_path, capsys):
    f = tmp_path / "ohne.csv"
    f.write_text("2025-01-06T00:00:00Z,3\n2025-01-06T00:05:00Z,4\n")
    args = _parse(["spikes", "replay", str(f)])
    assert args.func(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


@pytest.mark.parametrize("body,line", [
    ("timestamp,value\n2025-01-06 00:00:00,3\n2025-01-06 00:05:00,drei\n", 3),
    ("timestamp,value\n2025-01-06 00:05:00,3\n2025-01-06 00:00:00,4\n", 3),
    ("2025-01-06 00:00:00,3\n2025-01-06 00:05:00\n", 2),
])
def test_bad_file_is_one_line_with_file_and_line_exit_2(tmp_path, capsys, body, line):
    f = tmp_path / "kaputt.csv"
    f.write_text(body)
    args = _parse(["spikes", "replay", str(f)])
    assert args.func(args) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    err = cap.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{f}:{line}:")


def test_missing_file_exit_2(tmp_path, capsys):
    args = _parse(["spikes", "replay", str(tmp_path / "fehlt.csv")])
    assert args.func(args) == 2
    assert "fehlt.csv" in capsys.readouterr().err


def test_format_events_text_and_json():
    det = SpikeDetector()
    t = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    det.observe(Observation(t, 1, "p", "Kita-Gebühren", "@amt_max", "Max Muster", "x",
                            "Ich weiß, wo du wohnst", ("Drohung",), 4, True))
    assert det.events() == []  # the 5-minute bucket is judged once time has moved past it
    det.advance(t + timedelta(minutes=5))
    evs = det.events()
    assert "Stufe 4 (Krise)" in format_events(evs)
    assert '"peak_level": 4' in format_events(evs, json=True)
    assert format_events([]) == "Keine Auffälligkeiten."


def test_spikes_list_after_importing_the_sample_data(tmp_path):
    """`cm-tui import` refreshes the spikes; `spikes list` shows them in Berlin time."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT, SAMPLE

    db = tmp_path / "cm.db"

    def cm(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cm_tui", "--db", str(db), *argv],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    assert cm("import", "--quiet", str(SAMPLE)).returncode == 0
    text = cm("spikes", "list")
    assert text.returncode == 0, text.stderr
    post = [line for line in text.stdout.splitlines() if "Beitrag ‚🚲 Radweg Hauptstraße" in line]
    # the post spike: opened in the half hour after the onset (16:30 UTC = 17:30 Berlin), Krise at
    # its peak, over by the evening
    assert post and post[0].startswith("22.11.2026 17:3") and "– 22.11.2026 " in post[0]
    assert "Stufe 4 (Krise)" in post[0]
    assert "Regelverstoß (Beleidigung" in text.stdout and "R05" not in text.stdout
    rows = json.loads(cm("spikes", "list", "--json").stdout)
    p = next(r for r in rows if r["scope_kind"] == "post")
    assert p["scope_key"] == "facebook:104523981234567_872399001234567"
    assert p["start"].startswith("2026-11-22T17:3") and p["start"].endswith("+01:00")
    assert p["peak_level_name"] == "Krise" and p["end"] and p["comments"] > 300
    assert "Radweg Hauptstraße" in p["explanation"]
    active = cm("spikes", "list", "--active")  # the sample data ends long after the storm
    assert active.returncode == 0 and active.stdout.strip() == "Keine Auffälligkeiten."
    assert cm("--db", str(tmp_path / "fehlt.db"), "spikes", "list").returncode == 2
