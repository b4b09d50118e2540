"""Format detection by content (never by file name) and the public entry point
:func:`read_export`.

The first 64 KiB decide: binary and wrongly encoded files are refused at once; ``{``/``[``
starts JSON (loaded whole) or JSONL (streamed); anything else is a CSV whose header names the
format. Every error that escapes is a :class:`BadInput`.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cm_tui.importers import (
    facebook,
    facepager,
    generic,
    graph,
    instagram,
    linkedin,
    mastodon,
    tiktok,
    x,
    youtube,
)
from cm_tui.importers.base import BadInput
from cm_tui.importers.stream import header_line, sniff_delimiter
from cm_tui.importers.text import check_unicode
from cm_tui.model import Record

HEAD = 64 * 1024
EMPTY = "leer"
UNKNOWN = "kein bekanntes Exportformat erkannt"
_UTF8_BOM = codecs.BOM_UTF8
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BINARY_MAGIC = {
    b"PK\x03\x04": "ZIP/XLSX",
    b"\x1f\x8b": "gzip",
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "XLS",
    b"SQLite format 3": "SQLite",
}

# Order matters: the more specific shapes first, the Graph envelope (data list) last.
_JSON_MODULES: tuple[Any, ...] = (tiktok, youtube, linkedin, mastodon, x, instagram, facebook)

Opened = tuple[str, Iterator[Record]]


def read_export(path: Path) -> Opened:
    """Detect the format of the export at ``path`` and return ``(format name, records)``.

    Raises :class:`BadInput` for unknown, malformed, truncated, binary or non-UTF-8 files. The
    records iterator streams CSV and JSONL and may raise :class:`BadInput` later; it raises
    nothing else.
    """
    try:
        fmt, records = _open(Path(path))
    except BadInput:
        raise
    except RecursionError:
        raise BadInput("JSON zu tief verschachtelt") from None
    except OSError as exc:
        raise BadInput(f"Datei nicht lesbar: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - the contract: nothing but BadInput escapes
        raise BadInput(f"unerwarteter Aufbau ({type(exc).__name__})") from exc
    return fmt, _guarded(records)


def _guarded(records: Iterator[Record]) -> Iterator[Record]:
    try:
        yield from records
    except BadInput:
        raise
    except RecursionError:
        raise BadInput("zu tief verschachtelt") from None
    except OSError as exc:
        raise BadInput(f"Lesefehler: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - the contract: nothing but BadInput escapes
        raise BadInput(f"unerwarteter Aufbau ({type(exc).__name__})") from exc


def _open(path: Path) -> Opened:
    with open(path, "rb") as f:
        head = f.read(HEAD)
    if not head.strip():
        raise BadInput("Datei ist leer")
    for bom in _WIDE_BOMS:
        if head.startswith(bom):
            raise BadInput("Datei ist UTF-16/UTF-32 kodiert, nicht UTF-8")
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise BadInput(f"Binärdatei ({kind})")
    nul = head.find(b"\x00")
    if nul >= 0:
        raise BadInput("Binärdatei", f"Byte {nul}")
    try:
        # Incremental: the 64 KiB cut may split a character; only real errors count.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise BadInput(f"Datei ist nicht UTF-8 (Byte {exc.start})", _line_of(head, exc.start)) from None
    body = head[len(_UTF8_BOM):] if head.startswith(_UTF8_BOM) else head
    start = body.lstrip()[:1]
    if start == b"{" and _is_jsonl(body):
        return generic.JSONL, generic.parse_jsonl(path)
    if start in (b"{", b"["):
        return _json_format(_load_json(path))
    return _table_format(head, path)


def _line_of(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"Zeile {line}"


def _is_jsonl(body: bytes) -> bool:
    """One generic row object on the first line, and more lines after it."""
    lines = body.lstrip().split(b"\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return False
    try:
        first = json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return isinstance(first, dict) and generic.accepts(first)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} ist kein gültiger JSON-Wert")


def _load_json(path: Path) -> Any:
    data = path.read_bytes()
    bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"Datei ist nicht UTF-8 (Byte {bom + exc.start})", _line_of(data, bom + exc.start)) from None
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise BadInput(f"ungültiges JSON: {exc.msg}", f"Zeile {exc.lineno}, Spalte {exc.colno}") from None
    except ValueError as exc:
        raise BadInput(f"ungültiges JSON: {exc}") from None
    if "\\ud" in text or "\\uD" in text:
        check_unicode(doc)
    return doc


def _json_format(doc: Any) -> Opened:
    if doc == [] or doc == {}:
        return EMPTY, iter(())
    graph.check_error(doc)
    for module in _JSON_MODULES:
        fmt = module.detect(doc)
        if fmt is not None:
            parse: Callable[[str, Any], Iterator[Record]] = module.parse
            return fmt, parse(fmt, doc)
    if isinstance(doc, list) and isinstance(doc[0], dict) and generic.accepts(doc[0]):
        return generic.JSON, generic.parse_list(doc)
    if isinstance(doc, dict) and generic.accepts(doc):
        return generic.JSON, generic.parse_list([doc])
    raise BadInput(UNKNOWN)


def _table_format(head: bytes, path: Path) -> Opened:
    line = header_line(head)
    try:
        names = next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    except csv.Error:
        raise BadInput(UNKNOWN, "Zeile 1") from None
    if facepager.accepts(names):
        return facepager.FMT, facepager.parse(path)
    if generic.accepts(names):
        return generic.CSV, generic.parse_csv(path)
    raise BadInput(UNKNOWN)
