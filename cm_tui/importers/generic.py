"""Generic tables of comments: ``generic-csv`` (``,``/``;``/tab separated, UTF-8, optional BOM),
``generic-jsonl`` (one JSON object per line) and ``generic-json`` (a JSON list of such objects).

Column names are matched case-insensitively after trimming, with ``-`` and spaces read as
``_``; the accepted aliases are in :data:`ALIASES` and documented in ``README.md``. Rows without
``comment_id`` get a stable id hashed from (post, author, time, text). A row with neither text
nor id rejects the whole file, naming the line. Naive times are Europe/Berlin.
"""

from __future__ import annotations

import csv
import json
from json.scanner import c_make_scanner
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.stream import BOM, csv_rows, open_binary
from cm_tui.importers.text import (
    INT_LIMIT,
    SECRET_KEYS,
    check_unicode,
    may_hold_secret,
    parse_time,
    scrub,
    stable_id,
    to_id,
    to_int,
)
from cm_tui.model import PLATFORMS, Comment, Post, Record

CSV, JSONL, JSON = "generic-csv", "generic-jsonl", "generic-json"

ALIASES: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "plattform", "netzwerk", "network"),
    "comment_id": ("comment_id", "kommentar_id", "commentid", "id"),
    "post_id": ("post_id", "beitrag_id", "beitrags_id", "postid", "video_id"),
    "parent_id": ("parent_id", "antwort_auf", "eltern_id", "reply_to", "in_reply_to"),
    "author_name": ("author_name", "author", "autor", "autor_name", "autorin", "name", "nutzer", "user", "username"),
    "author_id": ("author_id", "autor_id", "user_id", "nutzer_id"),
    "text": ("text", "kommentar", "kommentartext", "comment", "message", "nachricht", "inhalt"),
    "text_html": ("text_html", "html"),
    "created_at": ("created_at", "zeit", "zeitpunkt", "datum", "date", "time", "timestamp", "erstellt", "erstellt_am"),
    "like_count": ("like_count", "likes", "gefaellt_mir", "gefällt_mir"),
    "reply_count": ("reply_count", "replies", "antworten"),
    "permalink": ("permalink", "url", "link"),
    "channel": ("channel", "kanal", "account", "konto", "seite"),
    "owner": ("owner", "amtfluencer", "inhaber", "inhaberin"),
    "post_text": ("post_text", "beitrag_text", "beitragstext"),
    "post_url": ("post_url", "beitrag_url", "beitrags_url"),
}
FIELDS = tuple(ALIASES)
_LOOKUP = {alias: field for field, names in ALIASES.items() for alias in names}
PLATFORM_ALIASES = {p: p for p in PLATFORMS} | {
    "fb": "facebook", "ig": "instagram", "yt": "youtube", "twitter": "x", "tt": "tiktok",
    "li": "linkedin", "": "csv", "generic": "csv",
}


COMMENT_ORDER = (
    "platform", "comment_id", "text", "post_id", "parent_id", "author_name", "author_id",
    "text_html", "created_at", "like_count", "reply_count", "permalink", "channel", "owner", "raw",
)
if tuple(f.name for f in fields(Comment))[: len(COMMENT_ORDER)] == COMMENT_ORDER:  # later ones have defaults
    # Positional construction: a third cheaper than keywords in the hot loop.
    make_comment: Callable[..., Comment] = Comment
else:  # pragma: no cover - the model changed its field order: stay correct, if slower

    def make_comment(*values: Any) -> Comment:
        return Comment(**dict(zip(COMMENT_ORDER, values, strict=True)))


def normalize(name: Any) -> str:
    """A column name as matched against :data:`ALIASES`."""
    return str(name).strip().lstrip("\ufeff").lower().replace("-", "_").replace(" ", "_")


def column_map(names: Iterable[Any]) -> tuple[Any, ...]:
    """For each of :data:`FIELDS` the source key that holds it (``None`` when absent). The
    first column wins when two aliases of one field are present."""
    found: dict[str, Any] = {}
    for name in names:
        field = _LOOKUP.get(normalize(name))
        if field is not None and field not in found:
            found[field] = name
    return tuple(found.get(f) for f in FIELDS)


def accepts(names: Iterable[Any]) -> bool:
    """A table is ours when it has a text column."""
    mapping = column_map(names)
    return mapping[FIELDS.index("text")] is not None


def parse_csv(path: Path) -> Iterator[Record]:
    """Records of a generic CSV file, streamed."""
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        return
    header = first[1]
    width = len(header)

    def dict_rows() -> Iterator[tuple[int, dict[str, Any], bool]]:
        for n, cells in rows:
            if not any(c.strip() for c in cells):
                continue  # Excel leaves rows of empty cells (";;;;") at the end
            if len(cells) != width:
                raise BadInput(f"Zeile hat {len(cells)} statt {width} Spalten", f"Zeile {n}")
            row = dict(zip(header, cells, strict=True))
            yield n, row, any(may_hold_secret(c) for c in cells if c)

    yield from records(dict_rows(), "Zeile")


def parse_jsonl(path: Path) -> Iterator[Record]:
    """Records of a generic JSONL file, streamed line by line."""
    yield from records(_jsonl_rows(path), "Zeile")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} ist kein gültiger JSON-Wert")


def _secret_in_line(raw: bytes) -> bool:
    return may_hold_secret(raw.decode("utf-8", "replace"))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any], bool]]:
    # The C scanner without json.loads' Python wrappers: half the cost per line.
    scan = c_make_scanner(json.JSONDecoder(parse_constant=_reject_constant)) if c_make_scanner else None
    with open_binary(path) as f:
        offset = 0
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadInput(f"Datei ist nicht UTF-8 (Byte {offset + exc.start})", f"Zeile {n}") from None
            offset += len(raw)
            if n == 1 and line.startswith(BOM):
                line = line[1:]
            if line[:1] == "{" and line[-2:] == "}\n":
                start, end = 0, len(line) - 1
            else:
                end = len(line.rstrip())
                if not end:
                    continue
                start = len(line) - len(line.lstrip())
            row: Any = None
            if scan is not None and line[start] == "{":
                try:
                    row, stop = scan(line, start)
                    if stop != end:
                        row = None
                except (StopIteration, ValueError, RecursionError):
                    row = None
            if type(row) is not dict:
                row = _loads_or_fail(line, n)
            if b"\\" in raw and (b"\\ud" in raw or b"\\uD" in raw):
                try:
                    check_unicode(row)
                except BadInput as exc:
                    raise BadInput(exc.reason, f"Zeile {n}") from None
            # memchr scans first: in flat rows a token can only hide in a URL parameter ("=")
            # or a nested object (a second "{"); secret column names are checked per header.
            yield n, row, (b"=" in raw or b"{" in raw[1:]) and _secret_in_line(raw)


def _loads_or_fail(line: str, n: int) -> dict[str, Any]:
    """The slow path, for lines the scanner refused: parse again for a proper message."""
    try:
        row = json.loads(line.rstrip("\r\n"), parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise BadInput(f"ungültiges JSON: {exc.msg}", f"Zeile {n}, Spalte {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"ungültiges JSON: {exc}", f"Zeile {n}") from None
    if type(row) is not dict:
        raise BadInput("Zeile ist kein JSON-Objekt", f"Zeile {n}")
    return row


def parse_list(doc: list[Any]) -> Iterator[Record]:
    """Records of a JSON list of generic row objects."""

    def dict_rows() -> Iterator[tuple[int, dict[str, Any], bool]]:
        for i, row in enumerate(doc, 1):
            if type(row) is not dict:
                raise BadInput("Eintrag ist kein JSON-Objekt", f"Eintrag {i}")
            yield i, row, True

    yield from records(dict_rows(), "Eintrag")


def _str(value: Any, what: str) -> str | None:
    if value is None or type(value) is str:
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise BadInput(f"ungültiger Wert in {what} ({type(value).__name__})")


def _opt(value: Any, what: str) -> str | None:
    # Inline-able fast path for the common case (a non-empty string) before the checks.
    return value if type(value) is str and value else _str(value, what)


def records(rows: Iterator[tuple[int, dict[str, Any], bool]], unit: str) -> Iterator[Record]:
    """Comments (and their posts, once each) from mapped rows; the hot loop of big imports."""
    maps: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    platforms: dict[Any, str] = {}
    seen_posts: set[tuple[str, str]] = set()
    n = 0
    str_ = str
    fromiso = datetime.fromisoformat
    try:
        for n, row, secret in rows:
            keys = tuple(row)
            m = maps.get(keys)
            if m is None:
                m = maps[keys] = column_map(keys) + (any(normalize(k) in SECRET_KEYS for k in keys),)
            get = row.get
            (k_platform, k_id, k_post, k_parent, k_name, k_aid, k_text, k_html, k_time, k_likes,
             k_replies, k_link, k_channel, k_owner, k_ptext, k_purl, secret_column) = m
            text = get(k_text)
            if type(text) is not str_:
                if text is not None:
                    raise BadInput(f"Text ist kein Text ({type(text).__name__})")
                text = ""
            cid = get(k_id)
            if type(cid) is not str_:
                cid = to_id(cid, "Kommentar-ID")
            if not cid and not text:
                raise BadInput("Zeile ohne Text und ohne Kommentar-ID")
            pvalue = get(k_platform)
            platform = platforms.get(pvalue)
            if platform is None:
                if pvalue is not None and type(pvalue) is not str_:
                    raise BadInput("ungültige Plattform")
                platform = platforms[pvalue] = PLATFORM_ALIASES.get(normalize(pvalue or ""), "csv")
            post = get(k_post)
            if type(post) is not str_ and post is not None:
                post = to_id(post, "Beitrags-ID")
            post = post or None
            author = get(k_name)
            if type(author) is not str_ or not author:
                author = _str(author, "author_name")
            created = get(k_time)
            # Fast path: already canonical UTC ("2024-03-01T12:00:00Z"), only validated.
            if type(created) is str_ and len(created) == 20 and created[19] == "Z" and created[10] == "T":
                fromiso(created)
            else:
                created = parse_time(created)
            if not cid:
                cid = stable_id(post, author, created, text)
            parent = get(k_parent)
            if type(parent) is not str_ and parent is not None:
                parent = to_id(parent, "parent_id")
            likes = get(k_likes)
            if likes is not None and (type(likes) is not int or not -INT_LIMIT < likes < INT_LIMIT):
                likes = to_int(likes, "like_count")
            replies = get(k_replies)
            if replies is not None and (type(replies) is not int or not -INT_LIMIT < replies < INT_LIMIT):
                replies = to_int(replies, "reply_count")
            channel = get(k_channel)
            if type(channel) is not str_ or not channel:
                channel = _str(channel, "channel")
            owner = get(k_owner)
            if owner is not None:
                owner = _opt(owner, "owner")
            if post is not None and (platform, post) not in seen_posts:
                seen_posts.add((platform, post))
                yield Post(
                    platform=platform,
                    post_id=post,
                    channel=channel,
                    owner=owner,
                    text=_str(get(k_ptext), "post_text"),
                    url=_str(get(k_purl), "post_url"),
                )
            author_id = get(k_aid)
            html = get(k_html)
            link = get(k_link)
            yield make_comment(
                platform,
                cid,
                text,
                post,
                parent or None,
                author,
                None if author_id is None else _opt(author_id, "author_id"),
                None if html is None else _opt(html, "text_html"),
                created,
                likes,
                replies,
                None if link is None else scrub(_opt(link, "permalink")) if secret else _opt(link, "permalink"),
                channel,
                owner,
                scrub(row) if secret or secret_column else row,
            )
    except BadInput as exc:
        if exc.position is None:
            raise BadInput(exc.reason, f"{unit} {n}") from None
        raise
    except (csv.Error, TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise BadInput(f"ungültige Zeile ({type(exc).__name__})", f"{unit} {n}") from None
