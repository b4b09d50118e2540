"""Reply templates: rendering, placeholder errors, ranking."""

from __future__ import annotations

import pytest

from netiquette import RuleSet, TemplateError


def test_render_fills_rule_fields_from_rule_id(rs: RuleSet) -> None:
    text = rs.render("T01", {"name": "Frau Beispiel", "rule_id": "R05",
                             "netiquette_url": "https://stadt.example/netiquette",
                             "signature": "(ab)"})
    assert text.startswith("Hallo Frau Beispiel,")
    assert "Beleidigung / Schmähung" in text and rs.rules["R05"].clause in text


def test_unknown_or_missing_placeholder_raises(rs: RuleSet) -> None:
    with pytest.raises(TemplateError, match=r"unbekannter Platzhalter \{vorname\}"):
        rs.render("T06", {"vorname": "X", "name": "Y", "signature": ""})
    with pytest.raises(TemplateError, match=r"kein Wert für Platzhalter \{signature\}"):
        rs.render("T06", {"name": "Y"})
    with pytest.raises(TemplateError, match="unbekannte Vorlage"):
        rs.render("T404", {})


def test_every_shipped_template_renders(rs: RuleSet) -> None:
    from netiquette import PLACEHOLDERS

    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    for tid in rs.templates:
        assert "{" not in rs.render(tid, values)


def test_question_ranks_the_opening_hours_template_first(rs: RuleSet) -> None:
    ranked = rs.rank_templates("Wann hat das Bürgerbüro offen?", [])
    assert ranked[0][0] == "T04a" and ranked[0][1] > 0.9
    assert rs.check("Wann hat das Bürgerbüro offen?").templates[0][0] == "T04a"


@pytest.mark.parametrize("text", [
    "Wie lange dauert es, bis mein Führerschein im Bürgerbüro fertig ist?",
    "Wo kann ich einen neuen Personalausweis beantragen?",
    "Wo kann ich mich nach dem Umzug ummelden?",
    "Ist mein Reisepass schon fertig? Ich habe ihn vor drei Wochen beantragt",
    "Wann ist mein Führerschein fertig?",
    "Wie lange dauert ein neuer Reisepass gerade?",
    "Ich will meinen Wohnsitz ummelden, geht das online?",
])
def test_questions_about_documents_get_the_buergerbuero_reply_not_the_defect_report(rs: RuleSet, text: str) -> None:
    # the service-request rule links the Mängelmelder reply, which asks to report a pothole
    assert rs.check(text).templates[0][0] == "T04a"


@pytest.mark.parametrize("text", [
    "Die Straßenlaterne in der Bahnhofstraße ist seit Wochen kaputt",
    "Das Schlagloch in der Goethestraße ist immer noch nicht repariert, wo kann ich das melden?",
])
def test_defects_still_get_the_maengelmelder_reply(rs: RuleSet, text: str) -> None:
    assert rs.check(text).templates[0][0] == "T04"


def test_fired_rules_rank_their_templates(rs: RuleSet) -> None:
    ranked = dict(rs.rank_templates("egal", ["R07"]))
    assert "T05" in ranked
    assert rs.rank_templates("Heute ist schönes Wetter", []) == []
