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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.stream import csv_rows, text_lines
from cm_tui.importers.text import may_hold_secret, parse_time, scrub, stable_id, to_id, to_int
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
            if len(cells) != width:
                if not any(c.strip() for c in cells):
                    continue
                raise BadInput(f"Zeile hat {len(cells)} statt {width} Spalten", f"Zeile {n}")
            row = dict(zip(header, cells, strict=True))
            yield n, row, any(may_hold_secret(c) for c in cells if c)

    yield from records(dict_rows(), "Zeile")


def parse_jsonl(path: Path) -> Iterator[Record]:
    """Records of a generic JSONL file, streamed line by line."""
    loads = json.loads

    def dict_rows() -> Iterator[tuple[int, dict[str, Any], bool]]:
        for n, line in text_lines(path):
            if line.isspace() or not line:
                continue
            try:
                row = loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"ungültiges JSON: {exc.msg}", f"Zeile {n}, Spalte {exc.colno}") from None
            except (ValueError, RecursionError) as exc:
                raise BadInput(f"ungültiges JSON: {exc}", f"Zeile {n}") from None
            if type(row) is not dict:
                raise BadInput("Zeile ist kein JSON-Objekt", f"Zeile {n}")
            yield n, row, may_hold_secret(line)

    yield from records(dict_rows(), "Zeile")


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


def records(rows: Iterator[tuple[int, dict[str, Any], bool]], unit: str) -> Iterator[Record]:
    """Comments (and their posts, once each) from mapped rows; the hot loop of big imports."""
    maps: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    platforms: dict[Any, str] = {}
    seen_posts: set[tuple[str, str]] = set()
    n = 0
    try:
        for n, row, secret in rows:
            keys = tuple(row)
            m = maps.get(keys)
            if m is None:
                m = maps[keys] = column_map(keys)
            get = row.get
            (k_platform, k_id, k_post, k_parent, k_name, k_aid, k_text, k_html, k_time, k_likes,
             k_replies, k_link, k_channel, k_owner, k_ptext, k_purl) = m
            text = get(k_text)
            cid = get(k_id)
            if type(text) is not str:
                if text is None:
                    text = ""
                else:
                    raise BadInput(f"Text ist kein Text ({type(text).__name__})")
            if type(cid) is not str:
                cid = to_id(cid, "Kommentar-ID")
            if not cid and not text:
                raise BadInput("Zeile ohne Text und ohne Kommentar-ID")
            pvalue = get(k_platform)
            platform = platforms.get(pvalue)
            if platform is None:
                if pvalue is not None and type(pvalue) is not str:
                    raise BadInput("ungültige Plattform")
                platform = platforms[pvalue] = PLATFORM_ALIASES.get(normalize(pvalue or ""), "csv")
            post = get(k_post)
            if post is not None and type(post) is not str:
                post = to_id(post, "Beitrags-ID")
            post = post or None
            author = _str(get(k_name), "author_name")
            created = parse_time(get(k_time))
            if not cid:
                cid = stable_id(post, author, created, text)
            parent = get(k_parent)
            if parent is not None and type(parent) is not str:
                parent = to_id(parent, "parent_id")
            likes = get(k_likes)
            if likes is not None and type(likes) is not int:
                likes = to_int(likes, "like_count")
            replies = get(k_replies)
            if replies is not None and type(replies) is not int:
                replies = to_int(replies, "reply_count")
            channel = _str(get(k_channel), "channel")
            owner = _str(get(k_owner), "owner")
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
            yield Comment(
                platform,
                cid,
                text,
                post,
                parent or None,
                author,
                _str(get(k_aid), "author_id"),
                _str(get(k_html), "text_html"),
                created,
                likes,
                replies,
                _str(get(k_link), "permalink"),
                channel,
                owner,
                scrub(row) if secret else row,
            )
    except BadInput as exc:
        if exc.position is None:
            raise BadInput(exc.reason, f"{unit} {n}") from None
        raise
    except (csv.Error, TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise BadInput(f"ungültige Zeile ({type(exc).__name__})", f"{unit} {n}") from None
