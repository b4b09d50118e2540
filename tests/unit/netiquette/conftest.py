"""Shared fixtures: the default rule set is compiled once per test session."""

from __future__ import annotations

import pytest

from netiquette import RuleSet, load_ruleset


@pytest.fixture(scope="session")
def rs() -> RuleSet:
    return load_ruleset()
