"""Property tests: random and mutated files are either imported or refused with BadInput,
never with another exception, and whatever is imported is well-formed."""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_helpers import FIXTURES

from cm_tui.importers import BadInput, read_export
from cm_tui.model import PLATFORMS, Comment, Post

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = sorted(FIXTURES.iterdir())
JSON_FILES = [p for p in FILES if p.suffix == ".json"]
TEXT_FILES = [p for p in FILES if p.suffix in (".csv", ".jsonl")]
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DIR = Path(tempfile.mkdtemp(prefix="cm-tui-fuzz-"))


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    for p in _DIR.iterdir():
        p.unlink()
    _DIR.rmdir()


def check(content: bytes) -> None:
    """Import ``content``; only BadInput may escape, and records must be well-formed."""
    path = _DIR / "export"
    path.write_bytes(content)
    try:
        _, records = read_export(path)
        for r in records:
            assert isinstance(r, (Post, Comment))
            assert r.platform in PLATFORMS
            assert r.raw is None or isinstance(r.raw, dict)
            assert r.created_at is None or UTC.match(r.created_at)
            for value in (getattr(r, f) for f in r.__slots__ if f != "raw"):
                if isinstance(value, str):
                    value.encode("utf-8")  # storable: no lone surrogates
            if isinstance(r, Comment):
                assert isinstance(r.comment_id, str) and r.comment_id
                assert isinstance(r.text, str)
                for v in (r.post_id, r.parent_id, r.author_id, r.author_name):
                    assert v is None or isinstance(v, str)
                for v in (r.like_count, r.reply_count):
                    assert v is None or type(v) is int
            else:
                assert isinstance(r.post_id, str) and r.post_id
    except BadInput as exc:
        assert isinstance(exc.reason, str) and exc.reason


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    check(data)


@SETTINGS
@given(st.sampled_from(FILES), st.data())
def test_mutated_bytes(path: Path, data: st.DataObject) -> None:
    content = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete", "dup"]))
        at = data.draw(st.integers(0, max(len(content) - 1, 0)))
        if kind == "truncate":
            del content[at:]
        elif kind == "flip" and content:
            content[at] ^= data.draw(st.integers(1, 255))
        elif kind == "insert":
            garbage = data.draw(st.sampled_from([b"\x00", b"\xff\xfe", b'"', b"{", b"]", b",", b";", b"\n", b"\\u", b"\xc3", b"\\ud800", b"1e999"]))
            content[at:at] = garbage
        elif kind == "delete":
            del content[at:at + data.draw(st.integers(1, 40))]
        else:
            content[at:at] = content[at:at + data.draw(st.integers(1, 200))]
    check(bytes(content))


REPLACEMENTS = st.one_of(
    st.sampled_from([None, [], {}, 0, -1, 2**64, 2**63 - 1, 1.5, "", "x", True, False, [1], {"a": 1},
                     "2024-13-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                     "<p>a<br>b</p>", "&amp;", "\u202eRTL", "access_token=EAAB", 10**20, -(10**20)]),
    st.text(max_size=20),
    st.integers(),
).map(copy.deepcopy)  # sampled dicts/lists are shared objects: never mutate them in place


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


@SETTINGS
@given(st.sampled_from(JSON_FILES), st.data())
def test_json_field_types_changed(path: Path, data: st.DataObject) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = _paths(doc)
        where = data.draw(st.sampled_from(paths))
        doc = _replace(doc, where, data.draw(REPLACEMENTS))
    check(json.dumps(doc).encode())


@SETTINGS
@given(st.sampled_from(TEXT_FILES), st.data())
def test_table_cells_changed(path: Path, data: st.DataObject) -> None:
    lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    if path.suffix == ".jsonl" and lines[i].strip():
        row = json.loads(lines[i])
        if row:
            key = data.draw(st.sampled_from(sorted(row)))
            row[key] = data.draw(REPLACEMENTS)
        lines[i] = json.dumps(row) + "\n"
    else:
        sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
        cells = lines[i].rstrip("\r\n").split(sep)
        j = data.draw(st.integers(0, len(cells) - 1))
        cells[j] = data.draw(st.text(max_size=30))
        lines[i] = sep.join(cells) + "\r\n"
    check("".join(lines).encode("utf-8", "surrogatepass"))
