"""What Facebook and Instagram Graph API responses share: the ``{data, paging}`` envelope,
the ``?ids=`` dictionary, and the request target hidden in the paging URLs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cm_tui.importers.base import BadInput

_ID = re.compile(r"^\d+(?:_\d+)?$")
_EDGE_PATH = re.compile(r"^/(?:v\d+(?:\.\d+)?/)?([^/]+)/([A-Za-z_]+)/?$")
ENVELOPE_KEYS = frozenset({"data", "paging", "summary"})


def is_envelope(doc: Any) -> bool:
    """``{"data": [...], "paging": ..., "summary": ...}`` and nothing else."""
    return isinstance(doc, dict) and isinstance(doc.get("data"), list) and set(doc) <= ENVELOPE_KEYS


def is_ids_dict(doc: Any) -> bool:
    """The answer to ``?ids=a,b``: one entry per requested object id."""
    return (
        isinstance(doc, dict)
        and bool(doc)
        and all(isinstance(k, str) and _ID.match(k) for k in doc)
        and all(isinstance(v, dict) for v in doc.values())
    )


def items(doc: Any) -> list[dict[str, Any]]:
    """Sample objects for detection: envelope items, or ``?ids=`` values and their items."""
    if is_envelope(doc):
        return [i for i in doc["data"][:20] if isinstance(i, dict)]
    if is_ids_dict(doc):
        out: list[dict[str, Any]] = []
        for v in list(doc.values())[:20]:
            data = v.get("data")
            if isinstance(data, list):
                out.extend(i for i in data[:5] if isinstance(i, dict))
            else:
                out.append(v)
        return out
    return []


def edge_target(paging: Any) -> tuple[str | None, str | None]:
    """``(object id, edge)`` of the request, read from ``paging.next``/``previous``: e.g.
    ``https://graph.facebook.com/v19.0/123_456/comments?access_token=…`` → ``("123_456",
    "comments")``."""
    if not isinstance(paging, dict):
        return None, None
    for key in ("next", "previous"):
        url = paging.get(key)
        if isinstance(url, str):
            try:
                m = _EDGE_PATH.match(urlsplit(url).path)
            except ValueError:
                continue
            if m:
                return m.group(1), m.group(2)
    return None, None


def query_param(url: str | None, name: str) -> str | None:
    """One query parameter of a URL, or ``None``."""
    if not url or "?" not in url:
        return None
    try:
        values = parse_qs(urlsplit(url).query).get(name)
    except ValueError:
        return None
    return values[0] if values else None


def check_error(doc: Any) -> None:
    """A Graph API error object instead of data is not an export."""
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict) and "data" not in doc:
        msg = doc["error"].get("message")
        raise BadInput(f"Datei enthält eine API-Fehlermeldung: {str(msg)[:80]}")
