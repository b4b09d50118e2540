"""`cm-tui import` and `cm-tui stats` as a user runs them: subprocesses, exit codes, files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

GOOD = {"platform": "facebook", "comment_id": "g1", "post_id": "p1", "author_name": "Eva", "text": "Danke!",
        "created_at": "2026-11-23T10:00:00Z"}


def cm(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cm_tui", "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300)


def count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM comments").fetchone()[0])


def test_sample_data_imports_once_and_again_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    first = cm("import", str(SAMPLE), "--json", db=db)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    files = summary["files"]
    assert len(files) == len([p for p in SAMPLE.iterdir() if p.suffix in (".json", ".jsonl", ".csv")])
    assert all(not f["rejected"] for f in files)
    total = sum(f["new"] for f in files)
    assert total == count(db) and total > 800
    again = json.loads(cm("import", str(SAMPLE), "--json", db=db).stdout)
    assert sum(f["new"] + f["updated"] for f in again["files"]) == 0
    assert sum(f["unchanged"] for f in again["files"]) == total
    stats = json.loads(cm("stats", "--json", db=db).stdout)
    # the replies of the city's own accounts (channels.toml) are not in the queue
    assert stats["total"] == total and stats["status"] == {"open": total - 41, "own": 41}
    assert {"facebook", "instagram", "youtube", "mastodon", "x", "tiktok", "linkedin"} <= set(stats["platform"])
    assert "Jana Becker (Feuerwehr)" in stats["channel"]


def test_bad_files_are_rejected_one_line_each_and_the_rest_imports(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text((SAMPLE / "youtube_commentthreads.json").read_text(encoding="utf-8")[:5000], encoding="utf-8")
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    unknown = tmp_path / "other.json"
    unknown.write_text('{"weather": "sunny"}', encoding="utf-8")
    latin1 = tmp_path / "excel.csv"
    latin1.write_bytes("text;author\nGrüße aus Köln;Jörg\n".encode("latin-1"))
    bad_row = tmp_path / "bad_row.jsonl"
    bad_row.write_text(json.dumps(GOOD | {"comment_id": "g2"}) + "\n{not json\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.json"
    huge = tmp_path / "huge.jsonl"  # a count beyond SQLite's integers was a traceback
    huge.write_text(json.dumps(GOOD | {"comment_id": "g3", "like_count": 10**30}) + "\n", encoding="utf-8")
    db = tmp_path / "d.db"
    bad = [truncated, binary, unknown, latin1, bad_row, empty, missing, huge]
    result = cm("import", *(str(p) for p in [good, *bad]), db=db)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad), result.stderr
    for path, line in zip(sorted(bad, key=lambda p: str(p) != str(missing)), sorted(lines, key=lambda l: "missing" not in l)):
        assert line.startswith(f"cm-tui: {path}: ")
    assert "Traceback" not in result.stderr
    assert "Zeile 2" in next(l for l in lines if "bad_row" in l)
    assert "like_count (zu groß)" in next(l for l in lines if "huge" in l)
    assert count(db) == 1  # only the good file; bad_row.jsonl's valid first line was rolled back


def test_import_of_a_folder_uses_its_channels_toml(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "c.jsonl").write_text(json.dumps(GOOD | {"channel": "jana.feuerwehr"}) + "\n", encoding="utf-8")
    (folder / "channels.toml").write_text(
        '[[channel]]\nplatform = "facebook"\naccount = "jana.feuerwehr"\nname = "Jana Becker (Feuerwehr)"\nowner = "Jana Becker"\n',
        encoding="utf-8",
    )
    db = tmp_path / "d.db"
    assert cm("import", str(folder), db=db).returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT channel, owner FROM comments").fetchone() == ("Jana Becker (Feuerwehr)", "Jana Becker")


def test_broken_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[keymap\n", encoding="utf-8")
    result = cm("--config", str(cfg), "import", str(tmp_path), db=tmp_path / "d.db")
    assert result.returncode == 2 and result.stderr.startswith(f"cm-tui: {cfg}:") and "Traceback" not in result.stderr


def test_a_missing_page_of_a_long_thread_is_named(tmp_path: Path) -> None:
    """The storm post announces 553 comments; page 1 alone holds 250: the import says so. With
    page 2 (546: 7 deleted, as real totals go) it is quiet."""
    db = tmp_path / "d.db"
    first = cm("import", str(SAMPLE / "facebook_shitstorm_radweg_p1.json"), db=db)
    assert first.returncode == 0, first.stderr
    notes = [line for line in first.stdout.splitlines() if line.startswith("Hinweis: ")]
    assert len(notes) == 1 and "250 von 553 Kommentaren importiert" in notes[0]
    second = cm("import", str(SAMPLE / "facebook_shitstorm_radweg_p2.json"), "--json", db=db)
    assert second.returncode == 0 and json.loads(second.stdout)["gaps"] == []
    again = cm("import", str(SAMPLE / "facebook_shitstorm_radweg_p1.json"), "--json", db=db)
    assert json.loads(again.stdout)["gaps"] == []
