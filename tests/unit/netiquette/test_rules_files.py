"""Rule files: overrides by id, new rules, disabling, and validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from netiquette import RuleError, load_ruleset


def _write(tmp_path: Path, body: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_override_changes_one_field_and_keeps_the_rest(tmp_path: Path) -> None:
    rs = load_ruleset([_write(tmp_path, '[[rule]]\nid = "R11"\nseverity = "hoch"\n')])
    assert rs.rules["R11"].severity == "hoch"
    assert rs.rules["R11"].title == "Vulgärsprache"
    assert rs.check("So eine Scheiße").findings[0].severity == "hoch"


def test_city_adds_its_own_rule_and_disables_another(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[rule]]
id = "X01"
title = "Name der Sachbearbeiterin"
clause = "Bitte nennen Sie keine Namen von Mitarbeitenden."
category = "pranger"
severity = "mittel"
action = "ausblenden"
terms = ["frau beispielfrau", "beispielfrau"]

[[rule]]
id = "R25"
enabled = false
""")
    rs = load_ruleset([path])
    assert "R25" not in rs.rules
    text = "Frau Beispielfrau hat mich warten lassen"
    finding = next(f for f in rs.check(text).findings if f.rule_id == "X01")
    assert text[finding.spans[0][0]:finding.spans[0][1]].lower().endswith("beispielfrau")


def test_without_defaults_only_the_given_file_counts(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[rule]]
id = "Z1"
title = "Test"
clause = "Test"
category = "test"
severity = "niedrig"
action = "nichts"
patterns = ['foo+bar']
""")
    rs = load_ruleset([path], include_default=False)
    assert list(rs.rules) == ["Z1"] and rs.templates == {}
    assert rs.check("FOOOBAR").findings[0].matched == ("FOOOBAR",)


def test_bad_severity_names_file_rule_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rule]]\nid = "R05"\nseverity = "sehr hoch"\n')
    with pytest.raises(RuleError) as err:
        load_ruleset([path])
    assert str(err.value).startswith(
        "rules.toml: Regel R05: Feld 'severity': unbekannter Wert 'sehr hoch'")


@pytest.mark.parametrize("body, expected", [
    ('[[rule]]\nid = "R05"\npatterns = ["(unclosed"]\n', "Regel R05: Feld 'patterns'"),
    ('[[rule]]\nid = "R05"\nchecks = ["telepathy"]\n', "Regel R05: Feld 'checks'"),
    ('[[rule]]\nid = "R05"\ntemplates = ["T99"]\n', "Regel R05: Feld 'templates'"),
    ('[[rule]]\nid = "R05"\nfarbe = "rot"\n', "Regel R05: Feld 'farbe'"),
    ('[[rule]]\nid = "N1"\ntitle = "x"\n', "Regel N1: Feld 'clause'"),
    ('[[template]]\nid = "T01"\ntext = "Hallo {vorname}"\n', "Vorlage T01: Feld 'text'"),
    ("[[rule]\nid=", "kein gültiges TOML"),
])
def test_validation_problems_are_named(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(RuleError) as err:
        load_ruleset([_write(tmp_path, body)])
    assert any(p.startswith("rules.toml:") and expected in p for p in err.value.problems)


def test_missing_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="nicht gefunden"):
        load_ruleset([tmp_path / "fehlt.toml"])
