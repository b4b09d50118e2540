"""The shitstorm scenario: "Radweg Hauptstraße: 42 Parkplätze entfallen".

A calm baseline of about three comments an hour turns into a flood of several hundred within
about 75 minutes, with a growing share of hostile comments and a copy-paste campaign from
twenty new accounts. :func:`build_storm` returns the timeline; ``sample.py`` writes it as two
pages of the Facebook comments edge.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cm_tui.demo.people import Person

POST_TIME = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
ONSET = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)  # 17:30 Berlin: a Telegram group shares the post
END = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)  # time of the export

BASELINE = [
    "Endlich! Ich fahr da jeden Tag mit dem Rad zur Arbeit und werde ständig fast umgenietet.",
    "Und wo sollen die Anwohner parken? Gibt es eine Ersatzfläche?",
    "Was passiert mit dem Lieferverkehr für die Geschäfte?",
    "Gute Entscheidung, die Hauptstraße ist für Radfahrer lebensgefährlich.",
    "42 Parkplätze weg in einer Straße mit Arztpraxen. Wie kommen ältere Patienten da hin?",
    "Ist das schon endgültig beschlossen oder kann man noch Einwände erheben?",
    "Wird es Anwohnerparken im Parkhaus am Markt geben?",
    "Ich versteh die Aufregung nicht, 200 m weiter ist das Parkhaus halb leer.",
    "Die Händler in der Hauptstraße haben es eh schon schwer. Das gibt ihnen den Rest.",
    "Wann beginnen die Bauarbeiten?",
    "Wie breit wird der Radweg? Hoffentlich nicht wieder so ein 1-Meter-Streifen.",
    "Super, dann können meine Kinder endlich alleine zur Schule radeln 🚲",
    "Wurden die Anwohner vorher gefragt? Bei uns kam nix an.",
    "Gibt es Behindertenparkplätze weiterhin?",
    "Ich bin gespannt. Erstmal abwarten wie es wird.",
    "Die Ratsvorlage gibt es übrigens öffentlich im Ratsinformationssystem, Vorlage 2026/314.",
    "Eine Busspur wäre sinnvoller gewesen.",
    "Top! Mehr davon 👍",
]
ANGRY = [
    "Wieder mal über die Köpfe der Bürger hinweg entschieden!!!",
    "Rücktritt! Sofort!",
    "Unfassbar. Wer wählt solche Leute eigentlich?",
    "Die Innenstadt stirbt und ihr malt Fahrradwege. Glückwunsch.",
    "Ich kaufe ab jetzt nur noch online ein. Selbst schuld, Musterstadt.",
    "Kein Mensch fährt im Winter Rad, das weiß jeder außer euch.",
    "DAS IST EINE FRECHHEIT!!!!",
    "Was für eine ideologische Verbotspolitik 🤮",
    "Bürgerentscheid jetzt! Das lassen wir uns nicht gefallen.",
    "Die Stadt hat fertig.",
    "Autofahrer werden in dieser Stadt nur noch abgezockt und schikaniert.",
    "Mein Vater (81) kommt nicht mehr zu seinem Arzt. Danke für nichts.",
    "Wer hat dieses Schwachsinnsprojekt eigentlich bezahlt?",
    "Löscht ihr kritische Kommentare jetzt auch noch? Zensur!",
    "Ihr habt doch längst entschieden, die Beteiligung war eine Farce.",
    "Verkehrswende auf Kosten der kleinen Leute 😡😡😡",
    "Keiner wollte das. KEINER.",
    "Schämt euch!",
    "Und nächstes Jahr wird gewundert warum alle Läden zu sind.",
    "Lächerlich. Einfach nur lächerlich.",
]
DEFEND = [
    "Leute, es geht um 42 Parkplätze, nicht um den Weltuntergang.",
    "Was ist hier denn los? Plötzlich hunderte Kommentare von Leuten, die hier gar nicht wohnen.",
    "Ich wohne an der Hauptstraße und freu mich drauf. Weniger Lärm, weniger Abgase.",
    "Der Ton hier ist unterirdisch. Man kann auch sachlich widersprechen.",
    "Wer von euch Schreihälsen war denn bei der Bürgerversammlung? Eben.",
]
HOSTILE = [
    "Ihr grünen Vollidioten gehört alle aus dem Rathaus gejagt",
    "Diese V*llpfosten im Bauamt sollte man einsperren",
    "Die OB ist eine komplette Witzfigur, dumm und arrogant",
    "Baudezernent Lorenz = größter Depp der Stadt",
    "Ihr seid Ungeziefer, Parasiten am Steuerzahler",
    "A.r.s.c.h.l.ö.c.h.e.r!!!",
    "Drecksp4ck im Rathaus",
    "Ihr Hurens*hne habt die Stadt ruiniert",
    "Halt doch dein Maul, grüne Zecke",
    "Wehrt euch endlich, Deutsche! HH",
]
THREATS = [
    "Wenn die Bagger kommen stehen wir da. Und dann gnade euch Gott.",
    "Der Lorenz sollte sich nachts nicht mehr allein auf die Straße trauen.",
    "Irgendwann brennen bei euch die Dienstwagen, wartet ab.",
    "Der Baudezernent wohnt übrigens Ahornweg 12. Vielleicht sollte man ihm das mal persönlich erklären.",
    "Solche Leute hat man früher an die Wand gestellt.",
]
CAMPAIGN = [
    "STOPPT DEN RADWEG-WAHNSINN! Die Hauptstraße gehört den Bürgern, nicht der grünen Verbotspolitik. Wir lassen uns das nicht gefallen! #HauptstraßeBleibt",
    "Musterstadt sagt NEIN zum Parkplatz-Raub! Wer das unterstützt, hat bei der Wahl verloren. #HauptstraßeBleibt",
]
CAMPAIGN_ACCOUNTS = [
    "Deutscher Michel", "Patriot Musterland", "Heinz W.", "Bürger 4711", "Freiheit Jetzt",
    "Gabi Sonnenschein", "Klaus-Dieter R.", "Wahrheit 2026", "Echte Bürger", "Rita Maier",
    "Sven Adler", "Bernd Bürgerwehr", "Mutige Mama", "Norbert K.", "Aufrechter Gang",
    "Stefan Freiheitlich", "Peggy Schulz", "Lutz Heimat", "Conny Blitz", "Volker Vaterland",
]
CITY_STATEMENT = (
    "Liebe Musterstädterinnen und Musterstädter, wir sehen die vielen Kommentare und nehmen "
    "die Sorgen ernst. Sachliche Kritik hat hier ihren Platz. Beleidigungen, Drohungen und "
    "Copy-&-Paste-Kommentare entfernen wir nach unserer Netiquette; Strafbares bringen wir zur "
    "Anzeige. Alle Infos und Termine der Bürgersprechstunde: www.musterstadt.example/hauptstrasse"
)


@dataclass(frozen=True, slots=True)
class StormComment:
    """One comment of the scenario before it gets a platform shape."""

    at: datetime
    author: Person
    text: str
    kind: str  # baseline | angry | defend | hostile | threat | campaign | city
    reply_to: int | None = None  # index into the timeline


def _vary(rng: random.Random, text: str) -> str:
    """Copy-paste with the small edits people (and scripts) make to dodge duplicate filters."""
    if rng.random() < 0.4:
        text = text.replace("!", rng.choice(("!!", "!!!", "", "!")), 1)
    if rng.random() < 0.3:
        text = text.replace("Wahnsinn", rng.choice(("WAHNSINN", "Irrsinn", "Wahnsinn")))
    if rng.random() < 0.25:
        text = text.replace("Bürgern", rng.choice(("Bürgern", "Bürger*innen 🙄", "Menschen hier")))
    if rng.random() < 0.3:
        text = text.lower() if rng.random() < 0.5 else text.upper()
    if rng.random() < 0.5:
        text += " " + rng.choice(("😡", "👎👎", "🇩🇪", "‼️", "💪", "#HauptstrasseBleibt", "Teilen!!"))
    if rng.random() < 0.2:
        text = text.replace(" ", "  ", 1)
    return text


def _hourly_times(rng: random.Random, start: datetime, end: datetime, per_hour: float) -> list[datetime]:
    """Poisson-like arrival times with a quieter night (Berlin 23–7 h)."""
    times: list[datetime] = []
    t = start
    while True:
        berlin_hour = (t.hour + 1) % 24
        rate = per_hour * (0.15 if berlin_hour < 7 or berlin_hour >= 23 else 1.0)
        t += timedelta(seconds=rng.expovariate(rate / 3600.0))
        if t >= end:
            return times
        times.append(t)


def _storm_rate(minutes: float) -> float:
    """Comments per hour, minutes after onset: ramp to ~330/h, hold, decay."""
    if minutes < 15:
        return 60 + 20 * minutes
    if minutes < 65:
        return 330
    if minutes < 120:
        return 330 * 0.93 ** (minutes - 65)
    return 12


def build_storm(rng: random.Random, locals_: list[Person], newcomers: list[Person]) -> list[StormComment]:
    """The full timeline, sorted by time. ``locals_`` are regular commenters, ``newcomers`` the
    accounts of the copy-paste campaign (20 expected)."""
    out: list[StormComment] = []
    for at in _hourly_times(rng, POST_TIME + timedelta(minutes=12), ONSET, 3.6):
        out.append(StormComment(at, rng.choice(locals_), rng.choice(BASELINE), "baseline"))
    t = ONSET
    while t < END:
        minutes = (t - ONSET).total_seconds() / 60
        t += timedelta(seconds=rng.expovariate(_storm_rate(minutes) / 3600.0))
        if t >= END:
            break
        hostile_share = min(0.55, 0.2 + minutes / 120)
        roll = rng.random()
        if minutes < 90 and roll < 0.2:
            out.append(StormComment(t, rng.choice(newcomers), _vary(rng, rng.choice(CAMPAIGN)), "campaign"))
        elif roll < 0.2 + hostile_share * 0.55:
            out.append(StormComment(t, rng.choice(locals_ + newcomers), rng.choice(HOSTILE), "hostile"))
        elif roll < 0.2 + hostile_share * 0.62:
            out.append(StormComment(t, rng.choice(locals_ + newcomers), rng.choice(THREATS), "threat"))
        elif roll < 0.9:
            out.append(StormComment(t, rng.choice(locals_), rng.choice(ANGRY), "angry"))
        else:
            out.append(StormComment(t, rng.choice(locals_), rng.choice(DEFEND), "defend"))
    out.sort(key=lambda c: c.at)
    # Replies: some people answer each other (attached to earlier top-level comments).
    result: list[StormComment] = []
    tops: list[int] = []
    for c in out:
        if tops and rng.random() < 0.18:
            result.append(StormComment(c.at, c.author, c.text, c.kind, reply_to=rng.choice(tops[-15:])))
        else:
            tops.append(len(result))
            result.append(c)
    return result


def city_statement(author: Person) -> StormComment:
    """The city's bundled statement, 55 minutes after onset, as a top-level comment."""
    return StormComment(ONSET + timedelta(minutes=55), author, CITY_STATEMENT, "city")
