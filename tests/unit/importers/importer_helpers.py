"""Shared helpers for the importer tests: fixture paths and record selection."""

from __future__ import annotations

from pathlib import Path

from cm_tui.importers import read_export
from cm_tui.model import Comment, Post, Record

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str | Path) -> tuple[str, list[Record]]:
    """Format name and all records of a fixture (or any path)."""
    path = name if isinstance(name, Path) else FIXTURES / name
    fmt, records = read_export(path)
    return fmt, list(records)


def comments(records: list[Record]) -> dict[str, Comment]:
    """Comments by id."""
    return {r.comment_id: r for r in records if isinstance(r, Comment)}


def posts(records: list[Record]) -> dict[str, Post]:
    """Posts by id."""
    return {r.post_id: r for r in records if isinstance(r, Post)}
