"""Detection by content and the one-error contract of ``read_export``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from importer_helpers import FIXTURES

from cm_tui.importers import BadInput, read_export

EXPECTED = {
    "facepager_fb.csv": "facepager-csv",
    "fb_comments_noid.json": "facebook-comments",
    "fb_comments_stream_p1.json": "facebook-comments",
    "fb_comments_stream_p2.json": "facebook-comments",
    "fb_comments_toplevel.json": "facebook-comments",
    "fb_feed.json": "facebook-feed",
    "fb_ids.json": "facebook-ids",
    "generic.jsonl": "generic-jsonl",
    "generic_de.csv": "generic-csv",
    "generic_en.csv": "generic-csv",
    "ig_comments.json": "instagram-comments",
    "ig_media.json": "instagram-comments",
    "ig_replies.json": "instagram-comments",
    "linkedin_comments.json": "linkedin-comments",
    "mastodon_context.json": "mastodon-context",
    "mastodon_timeline.json": "mastodon-timeline",
    "tiktok_comments.json": "tiktok-comments",
    "x_conversation.json": "x-tweets",
    "yt_replies.json": "youtube-comments",
    "yt_threads.json": "youtube-comment-threads",
}


def test_every_fixture_is_listed() -> None:
    assert {p.name for p in FIXTURES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_detection_ignores_the_file_name(tmp_path: Path, name: str, fmt: str) -> None:
    target = tmp_path / "export.dat"
    shutil.copy(FIXTURES / name, target)
    found, records = read_export(target)
    assert found == fmt
    assert list(records)


def _bad(tmp_path: Path, content: bytes) -> BadInput:
    path = tmp_path / "x"
    path.write_bytes(content)
    with pytest.raises(BadInput) as info:
        _, records = read_export(path)
        list(records)
    return info.value


@pytest.mark.parametrize(
    ("content", "reason", "position"),
    [
        (b"", "Datei ist leer", None),
        (b"  \n", "Datei ist leer", None),
        (b'{"foo": 1}', "kein bekanntes Exportformat erkannt", None),
        (b"a,b,c\n1,2,3\n", "kein bekanntes Exportformat erkannt", None),
        (b'{\n  "data": [\n    {"id" "1"}\n  ]\n}', "ungültiges JSON: Expecting ':' delimiter", "Zeile 3, Spalte 11"),
        (b'{"data": [{"id": "1", "message": "abgeschnit', "ungültiges JSON: Unterminated string starting at", "Zeile 1, Spalte 34"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Binärdatei", "Byte 8"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Binärdatei (ZIP/XLSX)", None),
        ("id;text\n1;Köln\n".encode("utf-16"), "Datei ist UTF-16/UTF-32 kodiert, nicht UTF-8", None),
        ("id;text\n1;Grüße aus Köln\n".encode("cp1252"), "Datei ist nicht UTF-8 (Byte 12)", "Zeile 2"),
        (b'{"error": {"message": "Invalid OAuth access token.", "code": 190}}', "Datei enthält eine API-Fehlermeldung: Invalid OAuth access token.", None),
        (b"[" * 100_000, "JSON zu tief verschachtelt", None),
        (b'{"data": {"comments": [{"id": 1' + b"1" * 5000 + b"}]}}", "ungültiges JSON", None),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, reason: str, position: str | None) -> None:
    error = _bad(tmp_path, content)
    assert error.reason.startswith(reason)
    assert error.position == position


def test_empty_documents_import_nothing(tmp_path: Path) -> None:
    for content in ("[]", "{}", '{"data": [], "paging": {}}', '{"meta": {"result_count": 0}}'):
        path = tmp_path / "x.json"
        path.write_text(content)
        _, records = read_export(path)
        assert list(records) == []


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="nicht lesbar"):
        read_export(tmp_path / "fehlt.json")


def test_wrong_field_types_are_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"data": [{"id": "1_2", "created_time": ["2024"], "message": "x"}]}')
    _, records = read_export(path)
    with pytest.raises(BadInput) as info:
        list(records)
    assert info.value.position == "comments[0]"
