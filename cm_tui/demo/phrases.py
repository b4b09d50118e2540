"""Template pieces for the load generator: German comments composed from slots.

:func:`make_texts` builds a fixed pool of distinct texts with a realistic mix: questions,
service reports, praise, criticism, off-topic, spam, party-political ads, insults (about 10 %,
some obfuscated), and rare personal data, threats, NS codes and emergencies.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from cm_tui.demo.people import PLACES

SLOTS: dict[str, tuple[str, ...]] = {
    "doc": ("Personalausweis", "Perso", "Reisepass", "Führerschein", "Wohngeldantrag", "Wohngeldbescheid",
            "Anwohnerparkausweis", "Elterngeldantrag", "Bauantrag", "Aufenthaltstitel"),
    "office": ("Bürgerbüro", "Standesamt", "Ausländerbehörde", "Ordnungsamt", "Jugendamt", "Wohngeldstelle",
               "Bauamt", "Jobcenter", "Kfz-Zulassung", "Stadtkasse"),
    "office_nom": ("das Bürgerbüro", "das Standesamt", "die Ausländerbehörde", "das Ordnungsamt", "das Jugendamt",
                   "die Wohngeldstelle", "das Bauamt", "die Kfz-Zulassung", "die Stadtkasse"),
    "at_office": ("im Bürgerbüro", "beim Standesamt", "bei der Ausländerbehörde", "beim Ordnungsamt",
                  "beim Jugendamt", "bei der Wohngeldstelle", "im Bauamt", "im Jobcenter", "bei der Kfz-Zulassung"),
    "street": tuple(p for p in PLACES if p.endswith(("straße", "allee", "weg"))),
    "at_place": ("in der Lindenallee", "in der Bachstraße", "im Birkenweg", "im Ahornweg", "in der Goethestraße",
                 "am Marktplatz", "am Stadtsee", "in der Hauptstraße", "am Bahnhof", "in der Südstraße",
                 "im Mühlweg", "in der Rosenstraße", "vor der Grundschule Nord"),
    "thing": ("die Straßenlaterne", "die Ampel", "die Parkbank", "der Mülleimer", "der Glascontainer",
              "die Schaukel auf dem Spielplatz", "die Bushaltestelle", "der Gullydeckel", "der Radweg", "der Gehweg"),
    "problem": ("ist kaputt", "ist seit Tagen aus", "quillt über", "ist total verdreckt", "wackelt gefährlich",
                "wurde beschmiert", "ist komplett zugeparkt", "ist seit Wochen gesperrt"),
    "time": ("seit zwei Wochen", "seit Montag", "schon wieder", "seit Monaten", "heute früh", "gestern Abend"),
    "weeks": ("3", "4", "6", "8", "10", "12"),
    "event": ("Weihnachtsmarkt", "Altstadtfest", "Stadtlauf", "Flohmarkt", "Stadtfest", "Laternenumzug"),
    "praise_acc": ("die Mitarbeiterin im Bürgerbüro", "den Winterdienst", "das neue Online-Portal",
                   "die Müllabfuhr", "die Feuerwehr", "die Stadtbibliothek", "das Team vom Ordnungsamt"),
    "praise_nom": ("die Mitarbeiterin im Bürgerbüro", "der Winterdienst", "das neue Online-Portal",
                   "die Müllabfuhr", "die Feuerwehr", "das Team vom Ordnungsamt"),
    "emoji": ("", "", "", " 🤔", " 🙏", " 🙈", " 🙂"),
    "greeting": ("", "", "", "Hallo, ", "Moin! ", "Guten Tag, ", "Liebe Stadt, ", "Hey ", "Servus, ",
                 "Sehr geehrte Damen und Herren, "),
    "close": ("", "", "", " Danke!", " LG", " MfG", " Danke im Voraus.", " Grüße aus der Weststadt",
              " Bitte um Rückmeldung."),
    "relative": ("meine Mutter", "mein Nachbar", "unsere Tochter", "mein Mann", "meine Frau", "mein Opa",
                 "die Nachbarin", "mein Kollege", "unser Sohn", "meine Schwester", "ein Freund von mir"),
    "feeling": ("ehrlich gesagt ärgerlich", "echt nervig", "wirklich gut gelöst", "ziemlich verwirrend",
                "total unklar", "nicht nachvollziehbar", "eigentlich ganz okay", "schade"),
    "years": ("2", "3", "5", "7", "10", "12", "15", "20", "25", "30", "40"),
    "weekday": ("am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "am Samstag",
                "letzte Woche", "vorgestern", "neulich"),
    "daytime": ("morgens", "mittags", "am Nachmittag", "gegen Abend", "kurz vor Feierabend", "in der Mittagspause"),
    "insult": ("Idioten", "Vollpfosten", "Sesselfurzer", "Penner", "Versager", "Schwachmaten", "Trottel",
               "Lappen", "Nichtsnutze", "Witzfiguren"),
    "insult_obf": ("I d i o t e n", "A*löcher", "Vollpf0sten", "1d10ten", "V.e.r.s.a.g.e.r", "Arschl0cher",
                   "Sch€isskerle", "Idiooooten", "P-e-n-n-e-r", "Spa$ten"),
}

KINDS: list[tuple[str, float, tuple[str, ...]]] = [
    ("question", 0.28, (
        "{greeting}wie lange dauert es gerade, bis der {doc} fertig ist?{close}",
        "{greeting}hat {office_nom} am Samstag auf?{close}",
        "Braucht man für den {doc} einen Termin oder geht das auch spontan?{emoji}",
        "{greeting}wo finde ich das Formular für den {doc}?{close}",
        "Warum bekommt man {at_office} erst in {weeks} Wochen einen Termin?{emoji}",
        "Gibt es beim {event} dieses Jahr wieder Parkplätze {at_place}?",
        "Ab wann kann man sich für die Kita anmelden? Unser Kleiner kommt im März{emoji}",
        "{greeting}ich warte seit {weeks} Wochen auf meinen {doc}, ist das normal?{close}",
        "Kann man den {doc} auch online beantragen?{emoji}",
        "wann ist denn {office_nom} telefonisch erreichbar??",
        "Wer ist eigentlich für {thing} {at_place} zuständig?",
    )),
    ("report", 0.14, (
        "{Thing} {at_place} {problem}, {time}.{emoji}",
        "{greeting}{thing} {at_place} {problem}. Bitte mal jemanden vorbeischicken.{close}",
        "{Thing} {at_place} {problem}, schon dreimal gemeldet!!",
        "Schlagloch {at_place}, da ist {time} einer mit dem Rad gestürzt{emoji}",
        "Sperrmüll liegt {time} {at_place} rum, wer holt das ab?",
    )),
    ("praise", 0.14, (
        "Großes Lob an {praise_acc}!{emoji}",
        "Danke für die Info{emoji}",
        "Super gemacht, weiter so!{emoji}",
        "{Praise_nom} war heute echt klasse, so schnell ging das noch nie{emoji}",
        "Endlich mal eine gute Nachricht aus dem Rathaus 😊",
        "Toll, dass ihr das hier so transparent erklärt.",
    )),
    ("criticism", 0.16, (
        "Schöne Worte, aber {at_place} passiert seit Jahren nichts.{emoji}",
        "Ehrlich, {office_nom} ist eine Katastrophe, {weeks} Wochen Wartezeit sind eine Zumutung.",
        "Und wer bezahlt das am Ende? Wir Bürger natürlich.{emoji}",
        "Die Kommunikation der Stadt ist mal wieder unterirdisch.",
        "Wieder über die Köpfe der Anwohner hinweg entschieden{emoji}",
        "Das hätte man auch früher ankündigen können. Typisch {office}.",
        "Ich finde das ehrlich gesagt eine Frechheit.{emoji}",
    )),
    ("offtopic", 0.08, (
        "Weiß jemand, ob der Edeka {at_place} heute länger auf hat?",
        "Hat jemand eine graue Katze {at_place} gesehen? 😿",
        "Wann wird eigentlich das Freibad saniert?",
        "Suche Nachhilfe in Mathe, gerne PN",
        "Off topic, aber wer hat gestern so laut geböllert {at_place}?",
    )),
    ("spam", 0.05, (
        "💰 Mit Bitcoin in 2 Wochen 4.000 € verdient! Schreib mir eine DM 📈",
        "Hey, schreib mir auf WhatsApp +44 7700 900{n3} 😍",
        "Markensneaker -70% 👉 www.sneaker-deal{n2}.example",
        "Verdiene 300€ am Tag von zuhause! Link in Bio!!!",
        "Krypto-Signale gratis in unserer Telegram-Gruppe, 100% Gewinn garantiert 🚀",
    )),
    ("political", 0.02, (
        "Am 8. März Liste {n1} wählen! #WirFürMusterstadt",
        "Die Bürgerliste fordert seit Jahren mehr Personal {at_office}. Am 8. März habt ihr die Wahl!",
        "Besucht unseren Infostand am Samstag {at_place}! Eure Freie Liste 🗳️",
    )),
    ("insult", 0.10, (
        "Ihr seid doch alle {insult} im Rathaus{emoji}",
        "Was für {insult_obf} {at_office}",
        "{insult}! Alle miteinander.",
        "Die Leute {at_office} sind {insult_obf}",
        "halt die fresse ihr {insult}",
        "Ihr {insult_obf} kriegt nix gebacken{emoji}",
    )),
    ("personal", 0.015, (
        "Bitte ruft mich zurück: 0171 {n7} wegen meinem {doc}",
        "Meine IBAN ist DE89 3704 0044 0532 0130 00, wann kommt das Wohngeld?",
        "Ich wohne in der {street} {n2}, kommt endlich mal jemand vorbei?",
        "Schreibt mir an k.{n3}@example.org, ich erreiche niemanden",
    )),
    ("threat", 0.005, (
        "Wir wissen wo du wohnst. Pass auf.",
        "Irgendwann brennt bei euch im Rathaus die Hütte, wartet ab.",
    )),
    ("nazi", 0.005, (
        "Deutschland den Deutschen. 88",
        "Wehrt euch endlich! HH",
    )),
    ("emergency", 0.005, (
        "Es brennt gerade {at_place}!!! Ruft wer die 112?",
        "Gerade liegt {at_place} ein Mann auf dem Boden und reagiert nicht, ist ein Krankenwagen unterwegs?",
    )),
]
# What people add about themselves: most comments of one kind share a template, and without this
# tail a tenth of an hour's comments read alike (the spike detector took them for copy-paste
# campaigns, which real city channels do not show).
CONTEXT = (
    "{Relative} hat das {time} auch schon erlebt.",
    "Ich wohne seit {years} Jahren {at_place} und finde das {feeling}.",
    "{Relative} war {weekday} {at_office}.",
    "War {weekday} {daytime} selbst da, {feeling}.",
    "Das finde ich {feeling}, {relative} übrigens auch.",
    "Wir leben seit {years} Jahren hier und {relative} sieht das genauso.",
    "{Relative} hat {weekday} {daytime} angerufen, ohne Erfolg.",
    "Seit {years} Jahren dasselbe, {feeling}.",
)
_CONTEXT_KINDS = ("question", "report", "praise", "criticism", "offtopic")

# Harmless numbers that look like codes to a naive filter.
HARMLESS = ("Wohne in der {street} 88, die Laterne ist {time} aus.", "Hat {office_nom} bis 18 Uhr auf?",
            "Bin Jahrgang 1988 und hab noch nie so lange gewartet.")
POST_TITLES = (
    "📢 Bürgerbüro: Termine gibt es jetzt auch online.",
    "🚧 Baustelle Lindenallee: Vollsperrung ab Montag, Umleitung ist ausgeschildert.",
    "🎄 Der Weihnachtsmarkt öffnet am Freitag!",
    "♻️ Neue Abfuhrtermine für Sperrmüll und Grünschnitt.",
    "👶 Kita-Anmeldung: Das Portal ist online.",
    "❄️ Der Winterdienst ist in Bereitschaft.",
    "🚲 Radweg Hauptstraße: Der Stadtrat hat entschieden.",
    "📚 Die Stadtbibliothek hat länger geöffnet.",
    "🗳️ Briefwahl: So beantragen Sie Ihre Unterlagen.",
    "🌳 Baumpflanzaktion im Stadtpark: Helfende gesucht!",
)
OFFICIAL = (
    "Hallo, danke für den Hinweis! Wir haben das an das Fachamt weitergegeben.",
    "Danke für Ihre Nachricht. Die Terminbuchung finden Sie unter www.musterstadt.example/termine",
    "Bitte schreiben Sie uns eine Direktnachricht, damit wir keine persönlichen Daten öffentlich besprechen.",
    "Schäden können Sie auch direkt im Mängelmelder melden: www.musterstadt.example/maengelmelder",
    "Danke für das Lob, wir geben es gern weiter 😊",
    "Bitte wählen Sie in Notfällen immer die 112!",
    "Wir bitten um einen respektvollen Umgangston, siehe Netiquette.",
)


EMOJI_BY_KIND = {
    "praise": ("", " 👍", " ❤️", " 👏", " 😍", " 🙏", " 😊", " 💪"),
    "criticism": ("", " 😡", " 🙄", " 😤", " 👎", " 🤦"),
    "insult": ("", " 😡", " 🤮", " 🖕", " 🤡", " 💩"),
    "report": ("", " 😤", " 🙄", " 📸", " ⚠️"),
}


_TOKEN = re.compile(r"\{(\w+)\}")


def _fill(rng: random.Random, template: str, kind: str = "") -> str:
    """Fill ``{slot}`` tokens; ``{Slot}`` capitalises the value; ``{emoji}`` follows the kind."""

    def value(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "emoji":
            return rng.choice(EMOJI_BY_KIND.get(kind, SLOTS["emoji"]))
        if key == "n1":
            return str(rng.randint(1, 9))
        if key == "n2":
            return str(rng.randint(2, 99))
        if key == "n3":
            return f"{rng.randint(0, 999):03d}"
        if key == "n7":
            return str(rng.randint(1_000_000, 9_999_999))
        lower = key[0].lower() + key[1:]
        v = rng.choice(SLOTS[lower])
        return v[0].upper() + v[1:] if key != lower else v

    out = _TOKEN.sub(value, template)
    return out[0].upper() + out[1:] if out[:1].islower() and not template.startswith(("halt", "wann")) else out


def _typo(rng: random.Random, text: str) -> str:
    """Everyday sloppiness: lower case, doubled punctuation, a swapped letter."""
    r = rng.random()
    if r < 0.08:
        return text.lower()
    if r < 0.12:
        return text.upper()
    if r < 0.2 and len(text) > 12:
        i = rng.randrange(3, len(text) - 3)
        if text[i].isalpha() and text[i + 1].isalpha():
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if r < 0.25:
        return text.rstrip(".!") + "!!!"
    return text


def make_texts(rng: random.Random, size: int = 4096) -> list[tuple[str, str]]:
    """``size`` (kind, text) pairs drawn with the kind weights above (deterministic for ``rng``)."""
    kinds = [k for k, _, _ in KINDS]
    weights = [w for _, w, _ in KINDS]
    templates = {k: t for k, _, t in KINDS}
    out: list[tuple[str, str]] = []
    for _ in range(size):
        if rng.random() < 0.01:
            out.append(("harmless", _fill(rng, rng.choice(HARMLESS))))
            continue
        kind = rng.choices(kinds, weights)[0]
        text = _fill(rng, rng.choice(templates[kind]), kind)
        if kind in _CONTEXT_KINDS and rng.random() < 0.75:
            text = f"{text.rstrip()} {_fill(rng, rng.choice(CONTEXT))}"
        out.append((kind, _typo(rng, text).strip()))
    return out


@lru_cache(maxsize=4)
def text_pool(seed: int, size: int = 16384) -> tuple[tuple[str, str], ...]:
    """The generator's text pool for a seed (cached: building it is the slowest part of setup)."""
    return tuple(make_texts(random.Random(f"texts/{seed}"), size))
