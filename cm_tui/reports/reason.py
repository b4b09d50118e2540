"""The statement of reasons a city can give an author whose comment was hidden or deleted, or who
was blocked (modelled on DSA Art. 17(3)): the decision, the netiquette clause and its text, the
facts relied on, the date, whether automated means were involved, and how to ask for a review.

It names the team, not the person who decided (staff data stays internal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cm_tui.clock import berlin
from cm_tui.model import DECISIONS
from cm_tui.reports.common import ReportError, RuleInfo, md_escape, rule_lookup
from cm_tui.safe_text import clean, one_line
from cm_tui.store import log
from cm_tui.store.db import Store

REASONED = {"hide": "ausgeblendet", "delete": "gelöscht", "block": "gesperrt"}
DECISION_TEXT = {
    "hide": "Ihr Kommentar wurde ausgeblendet. Er ist für andere nicht mehr sichtbar.",
    "delete": "Ihr Kommentar wurde gelöscht.",
    "block": "Ihr Konto wurde für Kommentare auf diesem Kanal gesperrt.",
}


@dataclass(frozen=True, slots=True)
class ReasonStatement:
    city: str
    action: str  # hide | delete | block
    decided_at: str  # UTC ISO of the decision
    platform: str
    channel: str | None
    comment_created_at: str | None
    comment_text: str
    rules: tuple[RuleInfo, ...]
    facts: str | None
    flagged_automatically: bool
    block_until: str | None
    contact_email: str | None
    netiquette_url: str | None


def build_reason(
    store: Store, comment_id: int, *, city: str, links: dict[str, str],
    rules: Callable[[str], RuleInfo] | None = None,
) -> ReasonStatement:
    """The statement for the comment's current hide/delete/block decision; :class:`ReportError`
    if the comment is in another state."""
    trail = log.entries_for(store, comment_id)
    undone = {e.data.get("undo_of") for e in trail if e.action == "undo"}
    decisions = [e for e in trail if e.action in DECISIONS and e.id not in undone]
    with store.lock:
        row = store.conn.execute(
            "SELECT platform, native_id, coalesce(owner, channel), created_at, text, rule_ids FROM comments WHERE id=?",
            (comment_id,),
        ).fetchone()
    if row is None:
        raise ReportError(f"Kommentar {comment_id}: nicht in der Datenbank")
    if not decisions or decisions[-1].action not in REASONED:
        state = log.STATE_OF.get(decisions[-1].action, "open") if decisions else "open"
        raise ReportError(
            f"Kommentar {row[0]}:{row[1]} (#{comment_id}) ist nicht ausgeblendet, gelöscht oder gesperrt "
            f"(Status: {state}); keine Begründung nötig"
        )
    d = decisions[-1]
    lookup = rules or rule_lookup()
    return ReasonStatement(
        city=city, action=d.action, decided_at=d.at, platform=row[0], channel=row[2], comment_created_at=row[3],
        comment_text=row[4] or "", rules=tuple(lookup(r) for r in d.rules), facts=d.reason,
        flagged_automatically=bool((row[5] or "").strip()),
        block_until=d.data.get("until") or d.data.get("review_at"),
        contact_email=links.get("contact_email"), netiquette_url=links.get("netiquette_url"),
    )


def render_reason(s: ReasonStatement, fmt: str = "md") -> str:
    """The statement as Markdown (``md``) or plain text (``txt``); user data is cleaned."""
    h = "## " if fmt == "md" else ""
    quote = "> " if fmt == "md" else "    "
    lines = [
        f"{'# ' if fmt == 'md' else ''}Begründung einer Moderationsentscheidung – {one_line(s.city)}", "",
        f"{h}Entscheidung", "",
        DECISION_TEXT[s.action],
        f"Datum der Entscheidung: {berlin(s.decided_at)} Uhr (Europe/Berlin).",
    ]
    if s.action == "block":
        lines.append(f"Die Sperre gilt bis {berlin(s.block_until)} Uhr und wird dann überprüft." if s.block_until
                     else "Die Sperre wird spätestens nach sechs Monaten überprüft.")
    lines += ["", f"{h}Betroffener Kommentar", "",
              f"Plattform: {one_line(s.platform)}, Kanal: {one_line(s.channel) or '?'}"
              + (f", veröffentlicht {berlin(s.comment_created_at)} Uhr" if s.comment_created_at else ""), ""]
    body = clean(s.comment_text).splitlines() or [""]
    lines += [quote + (md_escape(line) if fmt == "md" else line) for line in body]
    lines += ["", f"{h}Grundlage: Netiquette", ""]
    for r in s.rules:
        lines.append(f"Regel {one_line(r.id)} – {one_line(r.title)}")
        if r.clause:
            lines.append(f"{quote}{one_line(r.clause, 2000)}")
        lines.append("")
    if s.netiquette_url:
        lines += [f"Die vollständige Netiquette: {one_line(s.netiquette_url)}", ""]
    lines += [f"{h}Sachverhalt", "", one_line(s.facts, 2000) if s.facts else
              "Der Kommentar verstößt gegen die oben genannte Regel der Netiquette.", ""]
    lines += [
        f"{h}Wie die Entscheidung getroffen wurde", "",
        ("Der Kommentar wurde von einer automatischen Regelprüfung vorgemerkt; entschieden hat eine Person aus "
         "dem Social-Media-Team." if s.flagged_automatically else
         "Entschieden hat eine Person aus dem Social-Media-Team, ohne automatische Vorauswahl."), "",
        f"{h}Überprüfung", "",
        "Sie können verlangen, dass die Entscheidung überprüft wird. Schreiben Sie uns dazu"
        + (f" an {one_line(s.contact_email)}" if s.contact_email else "")
        + " und nennen Sie Datum und Kanal des Kommentars. Unberührt bleibt Ihr Recht, den Rechtsweg zu "
          "beschreiten (Verwaltungsgericht).",
    ]
    return "\n".join(lines).rstrip() + "\n"
