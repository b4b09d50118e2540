"""Facepager CSV, generic CSV/JSONL/JSON: column mapping, time zones, ids, bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importer_helpers import comments, load, posts

from cm_tui.importers import BadInput, read_export


def test_facepager_facebook_comments() -> None:
    fmt, records = load("facepager_fb.csv")
    assert fmt == "facepager-csv"
    assert list(posts(records)) == ["1234567890_5550007"]  # the seed, never query_time
    c = comments(records)
    assert list(c) == ["5550007_4001", "5550007_4002", "5550007_4003"]  # offcut row skipped
    assert c["5550007_4001"].created_at == "2024-01-10T07:00:00Z"
    assert c["5550007_4001"].author_name == "Jana K."
    assert (c["5550007_4001"].like_count, c["5550007_4001"].reply_count) == (2, 1)
    assert c["5550007_4002"].parent_id == "5550007_4001"  # the exported parent.id column
    # object_id equal to the post (no id from the API): the id comes from the permalink.
    assert c["5550007_4003"].post_id == "1234567890_5550007"
    assert all(x.platform == "facebook" for x in c.values())


def test_facepager_threading_by_node_ids(tmp_path: Path) -> None:
    header = '"level";"id";"parent_id";"object_id";"object_type";"object_key";"query_status";"query_time";"query_type";"message";"created_time"'
    rows = [
        '"0";"1";"";"P1";"seed";"";"";"";"";"";""',
        '"1";"2";"1";"C1";"data";"data";"fetched (200)";"2024-05-01 12:00:00";"Facebook:/<Object ID>/comments";"Oben";"2024-01-01T10:00:00+0000"',
        '"2";"3";"2";"R1";"data";"data";"fetched (200)";"2024-05-01 12:00:01";"Facebook:/<Object ID>/comments";"Antwort";"2024-01-01T11:00:00+0000"',
    ]
    path = tmp_path / "fp.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode())
    c = comments(load(path)[1])
    assert (c["C1"].post_id, c["C1"].parent_id) == ("P1", None)
    assert (c["R1"].post_id, c["R1"].parent_id) == ("P1", "C1")


def test_generic_csv_english_comma() -> None:
    fmt, records = load("generic_en.csv")
    assert fmt == "generic-csv"
    c = comments(records)
    first = c["c1"]
    assert first.platform == "instagram"
    assert first.text == "Respekt für euren Einsatz!\nDanke 🚒"
    assert (first.channel, first.owner) == ("feuerwehr_jana", "Jana Beispiel")
    assert first.like_count == 5
    assert c["c2"].parent_id == "c1"
    assert c["c2"].created_at == "2024-07-01T09:00:00Z"  # +02:00 offset
    p = posts(records)["p1"]
    assert (p.channel, p.owner) == ("feuerwehr_jana", "Jana Beispiel")
    hashed = [x for x in c.values() if x.comment_id.startswith("h")]
    assert len(hashed) == 1 and hashed[0].platform == "x"  # "Twitter" alias
    assert hashed[0].created_at == "2024-07-01T10:00:00Z"  # epoch seconds


def test_generic_csv_german_semicolon_berlin_times() -> None:
    fmt, records = load("generic_de.csv")
    assert fmt == "generic-csv"
    by_author = {c.author_name: c for c in comments(records).values()}
    assert by_author["Müller"].created_at == "2024-01-15T11:00:00Z"  # CET
    assert by_author["Schmidt"].created_at == "2024-07-15T10:00:00Z"  # CEST
    assert by_author["Yılmaz"].created_at == "2024-07-15T06:30:00Z"
    assert by_author["Müller"].channel == "Stadt Musterstadt"
    assert by_author["Müller"].owner is None
    # The derived ids are stable: a second import gives the same ones.
    assert comments(load("generic_de.csv")[1]).keys() == comments(records).keys()


def test_generic_jsonl() -> None:
    fmt, records = load("generic.jsonl")
    assert fmt == "generic-jsonl"
    c = comments(records)
    assert c["j1"].created_at == "2024-07-01T10:00:00Z"  # epoch milliseconds
    assert c["j1"].author_name == "Ute"
    assert c["j2"].text == "עברית ועוד Text" and c["j2"].parent_id == "j1"
    assert c["j2"].created_at == "2024-03-31T00:30:00Z"
    derived = [x for x in c.values() if x.comment_id.startswith("h")]
    assert derived[0].text == "Ohne ID"  # German alias "kommentar"


def test_generic_json_list(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"Kommentar": "Hallo", "Autor": "A", "Datum": "01.02.2024 10:00"}]))
    fmt, records = load(path)
    assert fmt == "generic-json"
    (c,) = comments(records).values()
    assert (c.text, c.author_name, c.created_at, c.platform) == ("Hallo", "A", "2024-02-01T09:00:00Z", "csv")


def test_excel_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("sep=;\r\nid;text\r\n1;Grüße aus Köln\r\n".encode())
    fmt, records = load(path)
    assert fmt == "generic-csv" and comments(records)["1"].text == "Grüße aus Köln"


@pytest.mark.parametrize(
    ("content", "position"),
    [
        ("id,text\n1,gut\n,\n", None),  # blank-looking row of empty cells is skipped
        ("id,text,author\n1,gut,a\n,,b\n", "Zeile 3"),  # neither text nor id
        ("id,text\n1,gut\n2,zu,viele\n", "Zeile 3"),
        ("id,text,likes\n1,gut,viele\n", "Zeile 2"),
        ("id,text,created_at\n1,gut,gestern\n", "Zeile 2"),
    ],
)
def test_bad_csv_rows_reject_the_file(tmp_path: Path, content: str, position: str | None) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content)
    fmt, records = read_export(path)
    if position is None:
        assert len(list(records)) == 1
        return
    with pytest.raises(BadInput) as info:
        list(records)
    assert info.value.position == position


@pytest.mark.parametrize(
    ("lines", "position"),
    [
        (['{"id": "1", "text": "a"}', '{"id": "2", "text": "b"', '{"id": "3", "text": "c"}'], "Zeile 2, Spalte 24"),
        (['{"id": "1", "text": "a"}', "[1, 2]"], "Zeile 2"),
        (['{"id": "1", "text": "a"}', '{"author": "x"}'], "Zeile 2"),
        (['{"id": "1", "text": "a"}', '{"id": 1.5, "text": "b"}'], "Zeile 2"),
        (['{"id": "1", "text": "a"}', '{"id": "2", "text": "\\ud800"}'], "Zeile 2"),
        (['{"id": "1", "text": "a"}', '{"id": "2", "text": NaN}'], "Zeile 2"),
    ],
)
def test_bad_jsonl_rows_reject_the_file(tmp_path: Path, lines: list[str], position: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n")
    fmt, records = read_export(path)
    assert fmt == "generic-jsonl"
    with pytest.raises(BadInput) as info:
        list(records)
    assert info.value.position == position


def test_jsonl_bad_utf8_later_in_file(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    good = b'{"id": "1", "text": "gut"}\n' * 5000
    path.write_bytes(good + b'{"id": "2", "text": "K\xf6ln"}\n')
    fmt, records = read_export(path)
    with pytest.raises(BadInput) as info:
        list(records)
    assert info.value.reason == f"Datei ist nicht UTF-8 (Byte {len(good) + 22})"
    assert info.value.position == "Zeile 5001"


def test_jsonl_scrubs_tokens(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    rows = [
        {"id": "1", "text": "a", "permalink": "https://x.test/?access_token=SECRET&a=1"},
        {"id": "2", "text": "b", "access_token": "SECRET"},
        {"id": "3", "text": "c", "meta": {"authorization": "Bearer SECRET12345"}},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    _, records = load(path)
    assert all("SECRET" not in json.dumps(r.raw) for r in records)
    assert comments(records)["1"].permalink == "https://x.test/?a=1"


def test_jsonl_streams_big_file_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": "1", "text": "a"}\n' * 50_000 + "kaputt\n")
    fmt, records = read_export(path)  # detection reads only the head
    first = next(records)
    assert first.comment_id == "1"
    with pytest.raises(BadInput, match="ungültiges JSON"):
        list(records)


def test_hot_loop_matches_the_model_field_order() -> None:
    from dataclasses import MISSING, fields

    from cm_tui.importers.generic import COMMENT_ORDER
    from cm_tui.model import Comment

    # generic.py builds comments positionally for speed; a reordered model needs a look there.
    assert tuple(f.name for f in fields(Comment))[: len(COMMENT_ORDER)] == COMMENT_ORDER
    assert all(f.default is not MISSING or f.default_factory is not MISSING for f in fields(Comment)[len(COMMENT_ORDER):])
