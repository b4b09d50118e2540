"""The key registry is the single source: ids are unique and the README table matches it."""

from __future__ import annotations

from cm_tui.ui.bindings import KEYS, key_table_markdown
from tests.conftest import ROOT


def test_binding_ids_and_keys_are_unique() -> None:
    ids = [k.id for k in KEYS]
    assert len(ids) == len(set(ids))
    keys = [key for spec in KEYS for key in spec.keys.split(",")]
    assert len(keys) == len(set(keys)), "one key bound to two actions"


def test_readme_key_table_matches_registry() -> None:
    assert key_table_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")
