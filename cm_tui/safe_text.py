"""Comment text is hostile data. These helpers make it safe to show in a terminal.

ANSI/OSC escape sequences, C0/C1 control characters and bidi overrides are removed or replaced
before any text reaches the screen or a CLI's output. (Rendering through ``rich.text.Text``
keeps Textual markup literal; this module handles what ``Text`` would still pass through.)
"""

from __future__ import annotations

import re

# CSI, OSC (terminated by BEL or ST), and other two-byte ESC sequences.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"), None)
_CONTROL = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROL[0x0D] = None


_PLAIN_INT = re.compile(r"-?[0-9]{1,18}")


def plain_int(text: str, *, signed: bool = False) -> int | None:
    """ASCII digits within SQLite's integer range, else ``None``. (``str.isdigit`` also accepts
    "²", which ``int`` refuses, and a 30-digit "id" overflows SQLite: both were crashes.)"""
    s = text.strip()
    if not _PLAIN_INT.fullmatch(s) or (s[0] == "-" and not signed):
        return None
    return int(s)


def clean(text: str | None, *, keep_newlines: bool = True) -> str:
    """Strip escapes, controls and bidi overrides; tabs become spaces."""
    if not text:
        return ""
    text = _ANSI.sub("", text).translate(_BIDI).translate(_CONTROL).replace("\t", "    ")
    return text if keep_newlines else text.replace("\n", " ")


def one_line(text: str | None, width: int | None = None) -> str:
    """First line only, for list rows; ``width`` cuts with an ellipsis."""
    line = clean(text, keep_newlines=False).strip()
    if width is not None and len(line) > width:
        return line[: max(0, width - 1)] + "…"
    return line
