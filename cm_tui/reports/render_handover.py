"""Renderers for the handover report: Markdown, HTML (everything escaped), CSV and JSON.

Comment text and names are hostile data: every renderer cleans control characters and escape
sequences; Markdown escapes its syntax characters, HTML escapes everything."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from dataclasses import asdict

from cm_tui.clock import berlin
from cm_tui.reports.common import json_dumps_safe, md_escape
from cm_tui.reports.handover import Handover
from cm_tui.safe_text import clean, one_line
from cm_tui.store.coverage import describe
from cm_tui.strings import t

FORMATS = ("md", "html", "csv", "json")
TARGETS = {"pressestelle": "Pressestelle", "rechtsamt": "Rechtsamt", "fachamt": "Fachamt", "polizei": "Polizei / Onlinewache"}
STATES = {"escalated": "eskaliert", "reported": "als Straftat gemeldet"}


def action_label(action: str) -> str:
    return t(f"action.{action}")


def _days(n: int) -> str:
    if n < 0:
        return f"ABGELAUFEN seit {-n} Tag(en)"
    if n == 0:
        return "läuft HEUTE ab"
    return f"noch {n} Tag(e)"


def _deadline(iso_date: str) -> str:
    y, m, d = iso_date.split("-")
    return f"{d}.{m}.{y}"


def sections(h: Handover, esc: Callable[..., str] = one_line) -> list[tuple[str, list[str]]]:
    """The report as (heading, lines); ``esc`` makes user data safe for the target format."""
    out: list[tuple[str, list[str]]] = []
    out.append(("Übersicht", [
        f"Zeitraum: {berlin(h.since)} bis {berlin(h.until)} (Europe/Berlin)",
        f"Protokolleinträge: {h.entries} (rückgängig gemacht: {h.undone})",
        f"Neu eingegangene Kommentare: {h.comments_seen} · jetzt offen in der Warteschlange: {h.queue_open}",
    ]))
    out.append(("Übergabenotiz", [esc(h.note, 400)] if h.note else ["(keine Notiz)"]))
    prev = h.previous_note
    out.append(("Vorherige Übergabe", [
        f"{berlin(prev.at)} von {esc(prev.user)}: {esc(prev.note, 2000) if prev.note else '(keine Notiz)'}"
    ] if prev else ["(noch keine Schicht übergeben)"]))
    out.append(("Offene Eskalationen und Strafanzeigen", [
        f"#{c.comment_id} {STATES.get(c.state, c.state)}"
        + (f" an {TARGETS.get(c.target, esc(c.target))}" if c.target else "")
        + f" · {c.platform} {esc(c.channel or '?', 40)} · {esc(c.author_name or '?', 40)}"
        + f" · am {berlin(c.decided_at)} von {esc(c.decided_by)}"
        + (f" · Regel {', '.join(c.rules)}" if c.rules else "")
        + f" · Strafantragsfrist bis {_deadline(c.deadline)} ({_days(c.days_left)})"
        + f" · „{esc(c.text, 120)}“"
        + (f" · Grund: {esc(c.reason, 160)}" if c.reason else "")
        for c in h.open_cases
    ] or ["keine"]))
    out.append(("Entscheidungen nach Aktion", [f"{action_label(a)}: {n}" for a, n in h.by_action] or ["keine"]))
    out.append(("Nach Regel", [f"{esc(r)}: {n}" for r, n in h.by_rule] or ["keine"]))
    out.append(("Nach Kanal", [f"{esc(c, 60)}: {n}" for c, n in h.by_channel] or ["keine"]))
    out.append(("Nach Person", [f"{esc(u, 40)}: {n}" for u, n in h.by_user] or ["keine"]))
    out.append(("Lagen (Shitstorm-Frühwarnung)", [
        f"{t(f'level.{s.peak_level}')} · {esc(s.scope, 60)} · seit {berlin(s.start)}"
        + (f" · beendet {berlin(s.end)}" if s.end else " · läuft")
        + (f" · {esc(s.status)}" if s.status else "")
        + f" · {esc(s.explanation, 400)}"
        for s in h.spikes
    ] or ["keine"]))
    out.append(("Autor/innen mit mehreren Maßnahmen", [
        f"{esc(a.author_name or '?', 40)} ({a.platform}{', ' + esc(a.author_id, 40) if a.author_id else ''}): "
        f"{a.decisions} Entscheidungen zu {a.comments} Kommentar(en) — "
        + ", ".join(f"{action_label(x)} {n}" for x, n in a.actions)
        for a in h.repeat_authors
    ] or ["keine"]))
    out.append(("Beiträge mit fehlenden Kommentaren (Export unvollständig?)", [
        f"{g.platform} · {esc(describe(g), 300)}" for g in h.gaps
    ] or ["keine"]))
    out.append(("In Bearbeitung, nicht abgeschlossen", [
        f"#{c.comment_id} von {esc(c.user, 30)} seit {berlin(c.claimed_at)} · {esc(c.channel or '?', 40)}"
        f" · „{esc(c.text, 100)}“"
        for c in h.claims
    ] or ["keine"]))
    return out


def to_markdown(h: Handover) -> str:
    lines = ["# Schichtübergabe", ""]
    for title, items in sections(h, md_escape):
        lines += [f"## {title}", ""]
        if title == "Übergabenotiz" and h.note:
            lines += ["> " + md_escape(line) for line in clean(h.note).splitlines()]
        else:
            lines += ["- " + item for item in items]
        lines.append("")
    return "\n".join(lines)


def to_html(h: Handover) -> str:
    e = html.escape
    parts = ["<!doctype html>", '<html lang="de"><head><meta charset="utf-8"><title>Schichtübergabe</title>',
             "<style>body{font-family:sans-serif;max-width:60em;margin:auto}li{margin:.3em 0}</style></head><body>",
             "<h1>Schichtübergabe</h1>"]
    for title, items in sections(h):
        parts.append(f"<h2>{e(title)}</h2>")
        if title == "Übergabenotiz" and h.note:
            parts.append("<blockquote>" + "<br>".join(e(line) for line in clean(h.note).splitlines()) + "</blockquote>")
        else:
            parts.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


CSV_COLUMNS = ("abschnitt", "schluessel", "anzahl", "kommentar_id", "plattform", "kanal", "autor", "zeitpunkt",
               "person", "frist", "text")


def to_csv(h: Handover) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)

    def row(section: str, key: str = "", n: int | str = "", cid: int | str = "", platform: str = "", channel: str = "",
            author: str = "", at: str = "", person: str = "", deadline: str = "", text: str = "") -> None:
        w.writerow([section, key, n, cid, platform, one_line(channel), one_line(author), at, one_line(person),
                    deadline, _csv_safe(one_line(text))])

    row("zeitraum", "seit", at=h.since)
    row("zeitraum", "bis", at=h.until)
    row("summe", "eintraege", h.entries)
    row("summe", "rueckgaengig", h.undone)
    row("summe", "neue_kommentare", h.comments_seen)
    row("summe", "offen_in_warteschlange", h.queue_open)
    for a, n in h.by_action:
        row("aktion", a, n)
    for r, n in h.by_rule:
        row("regel", r, n)
    for c, n in h.by_channel:
        row("kanal", c, n)
    for u, n in h.by_user:
        row("person", u, n)
    for c in h.open_cases:
        row("offener_fall", c.state, "", c.comment_id, c.platform, c.channel or "", c.author_name or "", c.decided_at,
            c.decided_by, c.deadline, c.text)
    for s in h.spikes:
        row("lage", s.id, s.peak_level, at=s.start, deadline=s.end or "", text=f"{s.scope}: {s.explanation}")
    for a in h.repeat_authors:
        row("autor_mehrfach", a.author_id or "", a.decisions, platform=a.platform, author=a.author_name or "",
            text=", ".join(f"{x} {n}" for x, n in a.actions))
    for g in h.gaps:
        row("luecke", g.post_id, g.announced - g.have, platform=g.platform, text=describe(g))
    for c in h.claims:
        row("in_bearbeitung", "", "", c.comment_id, channel=c.channel or "", at=c.claimed_at, person=c.user, text=c.text)
    if h.previous_note:
        row("vorherige_notiz", "", "", at=h.previous_note.at, person=h.previous_note.user, text=h.previous_note.note or "")
    if h.note:
        row("notiz", text=h.note)
    return buf.getvalue()


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading apostrophe stops that."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_json(h: Handover) -> str:
    return json_dumps_safe(asdict(h), indent=2) + "\n"


def render(h: Handover, fmt: str) -> str:
    return {"md": to_markdown, "html": to_html, "csv": to_csv, "json": to_json}[fmt](h)
