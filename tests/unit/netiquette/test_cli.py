"""``python -m netiquette``: check, explain, lint, eval (in-process, plus one subprocess)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from netiquette.cli import highlight, main

ROOT = Path(__file__).parents[3]


def _run(args: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(args, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_check_gives_one_object_per_line_in_order() -> None:
    stdin = 'Du I.d.i.o.t\n{"id": "a7", "text": "Danke!"}\n{kaputt\n\n{"text": 5}\nAlles gut\n'
    code, out = _run(["check"], stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert all("flagged" in r and "findings" in r for r in rows)
    assert rows[0]["flagged"] and rows[0]["findings"][0]["matched"] == ["I.d.i.o.t"]
    assert rows[1]["id"] == "a7" and not rows[1]["flagged"]
    assert "ungültiges JSON" in rows[2]["error"] and "Zeile 3" in rows[2]["error"]
    assert "error" in rows[4] and not rows[5]["flagged"]


def test_check_jsonl_mode_rejects_plain_lines() -> None:
    _, out = _run(["check", "--jsonl"], 'hallo\n{"text": "Du Idiot"}\n')
    rows = [json.loads(line) for line in out.splitlines()]
    assert "error" in rows[0] and rows[1]["flagged"]


def test_explain_marks_matches_with_brackets_when_not_a_tty() -> None:
    code, out = _run(["explain", "Der Bürgermeister ist ein Vollidiot"])
    assert code == 0 and "[Vollidiot]" in out and "R05" in out and "MARKIERT" in out
    assert highlight("abc", [(1, 2)], tty=True) == "a\x1b[4mb\x1b[0mc"


def test_lint_reports_each_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "stadt.toml"
    bad.write_text('[[rule]]\nid = "R05"\nseverity = "sehr hoch"\nchecks = ["x"]\n',
                   encoding="utf-8")
    code, out = _run(["lint", str(bad)])
    lines = out.splitlines()
    assert code == 2 and len(lines) == 2
    assert lines[0].startswith("stadt.toml: Regel R05: Feld 'severity'")
    assert lines[1].startswith("stadt.toml: Regel R05: Feld 'checks'")
    code, out = _run(["lint", str(ROOT / "netiquette/data/rules.toml")])
    assert code == 0 and out.startswith("OK:")


def test_eval_numbers_on_a_tiny_file(tmp_path: Path) -> None:
    data = tmp_path / "gold.tsv"
    data.write_text(
        "Du bist ein Idiot\tOFFENSE\tINSULT\n"           # TP
        "Sieg Heil\tOFFENSE\tABUSE\n"                    # TP
        "Die Stadt macht das ordentlich\tOFFENSE\tINSULT\n"  # FN
        "Wann hat das Bürgerbüro offen?\tOTHER\tOTHER\n"  # TN
        "Halt die Fresse, du Penner\tOTHER\tOTHER\n",     # FP
        encoding="utf-8")
    code, out = _run(["eval", str(data)])
    values = dict(line.split(": ", 1) for line in out.splitlines()[1:])
    assert code == 0
    assert values["Precision"] == "0.6667" and values["Recall"] == "0.6667"
    assert values["F1 (OFFENSE)"] == "0.6667" and values["F1 (OTHER)"] == "0.5000"
    assert values["Macro-F1"] == "0.5833"


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "gold.tsv"
    bad.write_text("Text\tVIELLEICHT\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "netiquette", "eval", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "gold.tsv:1" in proc.stderr
