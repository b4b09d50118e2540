"""The report subcommands as subprocesses: every handover format, closing a shift, the audit
export, the evidence package, the statement of reasons, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "scenario", Path(__file__).resolve().parents[1] / "unit" / "reports" / "scenario.py")
sc = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(sc)  # type: ignore[union-attr]
PERIOD = ["--since", "2026-11-23T04:00:00Z", "--until", "2026-11-23T12:00:00Z"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cm_tui", "--db", str(db), "--user", "carla", *args],
                          capture_output=True, text=True, timeout=60)


def one_line_error(p: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert p.returncode == code, p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1, p.stderr
    return p.stderr.strip()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "x.db"
    sc.build_shift_a(path, close=False).close()
    return path


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_handover_formats(db: Path, fmt: str) -> None:
    p = run(db, "handover", *PERIOD, "--format", fmt)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["entries"] == 7 and data["undone"] == 1 and data["queue_open"] == 2
        assert dict(map(tuple, data["by_rule"])) == {"R01": 1, "R05": 1, "R13": 1}
        assert [c["deadline"] for c in data["open_cases"]] == ["2026-11-30", "2027-02-23"]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["schluessel"]: r["anzahl"] for r in rows if r["abschnitt"] == "summe"}["eintraege"] == "7"
    elif fmt == "html":
        assert out.startswith("<!doctype html>") and "<script>" not in out and "\x1b" not in out
        assert "Strafantragsfrist bis 30.11.2026" in out
    else:
        assert "## Offene Eskalationen und Strafanzeigen" in out and "Protokolleinträge: 7" in out


def test_handover_close_and_since_last(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    sc.build_shift_a(db, close=False).close()
    out = tmp_path / "uebergabe.md"
    p = run(db, "handover", "--since-last", "--close", "--note", "Rückruf Polizei abwarten", "--out", str(out))
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    assert "> Rückruf Polizei abwarten" in text and "Nachtschicht ruhig." in text
    nxt = json.loads(run(db, "handover", "--since-last", "--format", "json").stdout)
    assert nxt["previous_note"]["note"] == "Rückruf Polizei abwarten" and nxt["previous_note"]["user"] == "carla"
    assert nxt["entries"] == 0 and len(nxt["open_cases"]) == 2


def test_handover_bad_input(db: Path, tmp_path: Path) -> None:
    assert "nicht verstanden" in one_line_error(run(db, "handover", "--since", "gestern"))
    assert "--close" in one_line_error(run(db, "handover", "--note", "x"))
    assert "existiert nicht" in one_line_error(run(tmp_path / "none.db", "handover"))
    assert not (tmp_path / "none.db").exists()
    err = one_line_error(run(db, "handover", "--out", str(tmp_path / "no" / "dir" / "r.md")))
    assert "no/dir" in err


def test_log_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    p = run(db, "log", "export", "--since", "2026-11-23T05:00:00Z", "--until", "2026-11-23T05:30:00Z",
            "--format", "csv", "--out", str(out))
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["aktion"] for r in rows] == ["hide", "evidence", "escalate", "approve"]
    assert rows[0]["regeln"] == "R05" and rows[0]["regel_titel"] not in ("", "R05")  # title from the rule set
    assert rows[0]["native_id"] == "c1" and rows[0]["permalink"] == "https://fb.example/p1?c=c1"
    p = run(db, "log", "export", "--format", "jsonl")
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == 12 and lines[0]["aktion"] == "evidence" and "\x1b" not in p.stdout
    assert "nicht verstanden" in one_line_error(run(db, "log", "export", "--since", "bald"))
    assert not list(tmp_path.glob(".*tmp"))


def test_evidence(db: Path, tmp_path: Path) -> None:
    p = run(db, "evidence", "facebook:c2", "--out", str(tmp_path))
    assert p.returncode == 0, p.stderr
    md, js = (Path(line) for line in p.stdout.splitlines())
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["text"] == "Ich weiß, wo du wohnst." and data["sha256_verified"]
    assert md.suffix == ".md" and data["sha256"] in md.read_text(encoding="utf-8")
    assert "nicht in der Datenbank" in one_line_error(run(db, "evidence", "facebook:nope", "--out", str(tmp_path)))
    assert "Zielordner" in one_line_error(run(db, "evidence", "1", "--out", str(tmp_path / "missing")))
    for ref in ("²", "9" * 30):  # str.isdigit says yes to both; int() or SQLite then failed
        assert "erwartet eine Id" in one_line_error(run(db, "evidence", ref, "--out", str(tmp_path)))


def test_reason(db: Path) -> None:
    p = run(db, "reason", "facebook:c1")
    assert p.returncode == 0, p.stderr
    assert "ausgeblendet" in p.stdout and "Regel R05" in p.stdout and "Beleidigung eines Mitarbeiters" in p.stdout
    assert "\x1b" not in p.stdout
    err = one_line_error(run(db, "reason", "facebook:c2"))
    assert "facebook:c2" in err and "nicht ausgeblendet, gelöscht oder gesperrt" in err
