"""The load generator writes valid files in every shape; the sample data is complete and counted.

The readers below are deliberately tiny and independent of ``cm_tui.importers``: they only
pull ``(comment id, parent id, post id, text)`` out of each shape, to count and cross-check.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from cm_tui.cli_demo import register
from cm_tui.demo.generate import FORMATS, generate

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
Row = tuple[str, str | None, str | None, str]  # comment id, parent id, post id, text


def _fb_row(c: dict) -> Row:
    if "id" in c:
        return c["id"], (c.get("parent") or {}).get("id"), c["id"].split("_")[0], c["message"]
    url = urlparse(c["permalink_url"])
    q = parse_qs(url.query)
    post = url.path.rstrip("/").split("/")[-1]
    own = q.get("reply_comment_id", q["comment_id"])[0]
    parent = q["comment_id"][0] if "reply_comment_id" in q else None
    return own, parent, post, c["message"]


def read_rows(path: Path, fmt: str) -> list[Row]:
    """Comments of one file as rows; raises on malformed shape."""
    if fmt == "jsonl":
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert set(r) >= {"platform", "comment_id", "post_id", "parent_id", "author_name", "author_id", "text",
                              "created_at", "like_count", "permalink", "channel", "owner"}
            out.append((r["comment_id"], r["parent_id"], r["post_id"], r["text"]))
        return out
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return [(r["comment_id"], r["parent_id"] or None, r["post_id"], r["text"]) for r in csv.DictReader(fh)]
    if fmt == "facepager":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter=";"))
        assert list(rows[0])[:9] == ["level", "id", "parent_id", "object_id", "object_type", "object_key",
                                     "query_status", "query_time", "query_type"]
        seeds = {r["id"]: r["object_id"] for r in rows if r["object_type"] == "seed"}
        return [(r["object_id"], r["parent.id"] or None, seeds[r["parent_id"]], r["message"])
                for r in rows if r["object_type"] == "data"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    if fmt == "facebook":
        if doc["data"] and "comments" in doc["data"][0]:
            return [_fb_row(c) for post in doc["data"] for c in post["comments"]["data"]]
        return [_fb_row(c) for c in doc["data"]]
    if fmt == "instagram":
        out = []
        for c in doc["data"]:
            out.append((c["id"], None, c["media"]["id"], c["text"]))
            out += [(r["id"], r["parent_id"], c["media"]["id"], r["text"]) for r in c.get("replies", {}).get("data", [])]
        return out
    if fmt == "youtube":
        out = []
        for t in doc["items"]:
            top = t["snippet"]["topLevelComment"]
            out.append((top["id"], None, top["snippet"]["videoId"], top["snippet"]["textOriginal"]))
            for r in t.get("replies", {}).get("comments", []):
                out.append((r["id"], r["snippet"]["parentId"], r["snippet"]["videoId"], r["snippet"]["textOriginal"]))
        return out
    if fmt == "mastodon":
        assert doc["ancestors"] == []
        ids = {s["id"] for s in doc["descendants"]}
        roots = {s["in_reply_to_id"] for s in doc["descendants"]} - ids
        assert len(roots) <= 1, "one thread: every chain ends at the requested status"
        root = roots.pop() if roots else None
        return [(s["id"], s["in_reply_to_id"], root, s["content"]) for s in doc["descendants"]]
    if fmt == "x":
        users = {u["id"] for u in doc["includes"]["users"]}
        assert all(t["author_id"] in users for t in doc["data"])
        return [(t["id"], next((r["id"] for r in t.get("referenced_tweets", []) if r["type"] == "replied_to"), None),
                 t["conversation_id"], t["text"]) for t in doc["data"]]
    if fmt == "tiktok":
        assert doc["error"]["code"] == "ok"
        out = []
        for c in doc["data"]["comments"]:
            assert isinstance(c["id"], int) and c["id"] > 2**53
            parent = None if c["parent_comment_id"] == c["video_id"] else str(c["parent_comment_id"])
            out.append((str(c["id"]), parent, str(c["video_id"]), c["text"]))
        return out
    if fmt == "linkedin":
        out = []
        for e in doc["elements"]:
            parent = re.search(r",(\d+)\)$", e["parentComment"]).group(1) if "parentComment" in e else None  # type: ignore[union-attr]
            assert e["$URN"] == f"urn:li:comment:({e['object']},{e['id']})"
            out.append((e["id"], parent, e["object"], e["message"]["text"]))
        return out
    raise AssertionError(fmt)


# --- generator --------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_generated_file_is_valid_and_complete(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"gen.{fmt}"
    generate(400, fmt, out, seed=7)
    rows = read_rows(out, fmt)
    assert len(rows) == 400
    ids = [r[0] for r in rows]
    assert len(set(ids)) == 400
    known = set(ids) | {r[2] for r in rows if r[2]}
    assert all(p in known for _, p, _, _ in rows if p), "every parent is a comment (or the root) in the file"
    assert any(p for _, p, _, _ in rows), "some comments are replies"
    assert all(t for *_, t in rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_generator_is_deterministic(tmp_path: Path, fmt: str) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(150, fmt, a, seed=3)
    generate(150, fmt, b, seed=3)
    generate(150, fmt, c, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_zero_comments_is_still_a_valid_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "empty"
    generate(0, fmt, out)
    assert read_rows(out, fmt) == []


def test_generic_mix_has_platforms_channels_and_about_ten_percent_insults(tmp_path: Path) -> None:
    out = tmp_path / "mix.jsonl"
    generate(3000, "jsonl", out, seed=1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["platform"] for r in rows} >= {"facebook", "instagram", "youtube", "tiktok", "mastodon", "x", "linkedin"}
    assert len({r["channel"] for r in rows}) >= 5
    assert any(r["owner"] for r in rows) and any(not r["owner"] for r in rows)
    insults = sum(1 for r in rows if re.search(r"Idiot|I d i o t|Vollpf|1d10t|fresse|Penner|Versager|A\*l|Arschl", r["text"], re.I))
    assert 0.04 < insults / len(rows) < 0.2
    times = sorted(r["created_at"] for r in rows)
    assert times[0] >= "2026-10-01" and times[-1] < "2026-11-24"


def test_unknown_format_and_negative_count_raise(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(10, "rss", tmp_path / "x")
    with pytest.raises(ValueError):
        generate(-1, "jsonl", tmp_path / "x")


# --- CLI --------------------------------------------------------------------------------------
def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cm-tui")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.csv"
    assert _run(["demo", "generate", "--comments", "50", "--format", "csv", "--out", str(out), "--seed", "2"]) == 0
    assert len(read_rows(out, "csv")) == 50
    assert "50 Kommentare" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["--comments", "viele", "--format", "csv"],
    ["--comments", "-5", "--format", "csv"],
    ["--comments", "5", "--format", "rss"],
    ["--comments", "5", "--format", "csv", "--seed", "x"],
])
def test_cli_bad_arguments_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                argv: list[str]) -> None:
    assert _run(["demo", "generate", *argv, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cm-tui demo generate:")
    assert not (tmp_path / "o").exists()


def test_cli_missing_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["demo", "generate", "-n", "5", "-f", "x", "-o", str(tmp_path / "nope" / "o.json")]) == 2
    assert "existiert nicht" in capsys.readouterr().err


def test_cli_channel_map_lets_the_import_know_the_teams_replies(tmp_path: Path) -> None:
    from cm_tui.cli import main
    from cm_tui.demo.gen_core import CHANNELS
    from cm_tui.store.db import open_store

    out, channels = tmp_path / "c.jsonl", tmp_path / "channels.toml"
    assert _run(["demo", "generate", "-n", "6000", "-f", "jsonl", "-o", str(out), "--channels", str(channels)]) == 0
    assert len(tomllib.loads(channels.read_text(encoding="utf-8"))["channel"]) == sum(map(len, CHANNELS.values()))
    assert main(["--db", str(tmp_path / "x.db"), "import", str(out), "--channels", str(channels), "--quiet"]) == 0
    store = open_store(tmp_path / "x.db")
    own = store.conn.execute("SELECT platform, author_id, author_name, state FROM comments WHERE own = 1").fetchall()
    total = store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    store.close()
    assert {p for p, _, _, _ in own} == set(CHANNELS)  # every platform's team answers
    accounts = {a[4] or a[1] for chans in CHANNELS.values() for a in chans}
    owners = {a[3] for chans in CHANNELS.values() for a in chans if a[3]}
    assert all(aid in accounts or name in owners for _, aid, name, _ in own)  # no citizen among them
    assert {state for *_, state in own} == {"own"} and 0.05 < len(own) / total < 0.2


def test_cli_channel_map_path_must_be_writable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["demo", "generate", "-n", "5", "-f", "csv", "-o", str(tmp_path / "o.csv")]
    assert _run([*argv, "--channels", str(tmp_path / "nope" / "c.toml")]) == 2
    assert "kein schreibbarer Dateipfad" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


# --- sample data ------------------------------------------------------------------------------
SAMPLE_FORMATS = {
    "facebook_post_comments_stream.json": "facebook", "facebook_page_feed.json": "facebook",
    "facebook_comments_no_ids.json": "facebook", "facebook_shitstorm_radweg_p1.json": "facebook",
    "facebook_shitstorm_radweg_p2.json": "facebook", "instagram_media_comments_stadt.json": "instagram",
    "instagram_media_comments_feuerwehr_jana.json": "instagram", "youtube_commentthreads.json": "youtube",
    "x_conversation_search.json": "x", "tiktok_video_comments.json": "tiktok", "linkedin_comments.json": "linkedin",
    "facepager_facebook_comments.csv": "facepager", "generic_comments.csv": "csv", "generic_comments.jsonl": "jsonl",
}


def _sample_files() -> dict[str, str]:
    files = dict(SAMPLE_FORMATS)
    files.update({p.name: "mastodon" for p in SAMPLE.glob("mastodon_status_*_context.json")})
    return files


def _documented_counts() -> dict[str, int]:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([^`]+)` \| [^|]+ \| (\d+) \|", readme, re.M)}


def test_sample_data_covers_every_format() -> None:
    files = _sample_files()
    assert set(files.values()) == set(FORMATS)
    for name in files:
        assert (SAMPLE / name).is_file(), name


def test_sample_counts_match_readme_and_ids_are_unique() -> None:
    documented = _documented_counts()
    files = _sample_files()
    assert set(documented) == set(files)
    total = 0
    for name, fmt in files.items():
        rows = read_rows(SAMPLE / name, fmt)
        assert len(rows) == documented[name], name
        assert len({r[0] for r in rows}) == len(rows), name
        total += len(rows)
    assert total >= 500
    assert f"**{total} comments" in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_sample_shitstorm_is_documented_and_spikes() -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "Onset: 2026-11-22T16:30Z" in readme
    rows = []
    for page in ("facebook_shitstorm_radweg_p1.json", "facebook_shitstorm_radweg_p2.json"):
        doc = json.loads((SAMPLE / page).read_text(encoding="utf-8"))
        assert "access_token=" in json.dumps(doc["paging"])  # the importer must strip it
        rows += [c["created_time"] for c in doc["data"]]
    before = [t for t in rows if t < "2026-11-22T16:30"]
    hour = [t for t in rows if "2026-11-22T16:30" <= t < "2026-11-22T17:45"]
    assert 30 < len(before) < 150 and len(hour) >= 250
    texts = [c["message"] for p in ("p1", "p2") for c in
             json.loads((SAMPLE / f"facebook_shitstorm_radweg_{p}.json").read_text(encoding="utf-8"))["data"]]
    assert sum("#HauptstraßeBleibt" in t or "#HauptstrasseBleibt" in t.replace("ß", "ss") for t in texts) >= 20


def test_sample_hostile_text_and_channels() -> None:
    raw = (SAMPLE / "facebook_post_comments_stream.json").read_text(encoding="utf-8")
    assert "\\u001b[2J" in raw
    texts = " ".join(r[3] for name, fmt in _sample_files().items() for r in read_rows(SAMPLE / name, fmt))
    for needle in ("[bold red]", "\x1b[2J", "\u202e", "DE89 3704", "Wir wissen wo du wohnst", "I d i o t e n", "88",
                   "Lindenallee 88", "مرحبا", "bis 18 Uhr"):
        assert needle in texts, needle
    channels = tomllib.loads((SAMPLE / "channels.toml").read_text(encoding="utf-8"))["channel"]
    owners = {c["owner"] for c in channels}
    assert {"Jana Becker", "Tobias Kern", "Lea Yilmaz", ""} <= owners
    assert all(c["name"] and c["platform"] for c in channels)
    tiktok = json.loads((SAMPLE / "tiktok_video_comments.json").read_text(encoding="utf-8"))
    video = str(tiktok["data"]["comments"][0]["video_id"])
    assert any(video in c.get("posts", []) for c in channels)
