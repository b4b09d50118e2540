"""The detail pane: the full comment with matched characters highlighted, its context, the
author's history and the log trail. Built as rich Text, never as markup."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from cm_tui.clock import berlin
from cm_tui.safe_text import clean, one_line
from cm_tui.store.claims import Claim
from cm_tui.store.detail import CommentDetail
from cm_tui.strings import t

SEVERITY_STYLE = {"kritisch": "bold white on red", "hoch": "bold black on dark_orange",
                  "mittel": "black on yellow", "niedrig": "black on grey62", "info": "black on cyan"}
MAX_TEXT = 20_000


def highlighted(text: str, findings: list[dict[str, object]]) -> Text:
    """The comment with every finding's spans underlined in its severity colour.

    Spans are offsets into the original text; each piece between boundaries is cleaned on its
    own, so removing escapes cannot shift a highlight onto the wrong characters."""
    text = text[:MAX_TEXT]
    marks: list[tuple[int, int, str]] = []
    for f in findings:
        style = SEVERITY_STYLE.get(str(f.get("severity")), "reverse")
        for span in f.get("spans", []) or []:  # type: ignore[union-attr]
            start, end = int(span[0]), int(span[1])
            if 0 <= start < end <= len(text):
                marks.append((start, end, style))
    bounds = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = Text()
    for a, b in zip(bounds, bounds[1:], strict=False):
        styles = [s for (s0, e0, s) in marks if s0 <= a and b <= e0]
        out.append(clean(text[a:b]), style=(styles[-1] + " underline") if styles else "")
    return out


def render_detail(detail: CommentDetail, claim: Claim | None, user: str) -> Text:
    r = detail.row
    out = Text()
    state = r["state"]
    if state == "open" and r.get("snooze_until"):
        state = "snoozed"
    out.append(f" {t('state.' + state)} ", style="reverse bold")
    out.append("  ")
    out.append(one_line(r["platform"]), style="bold")
    out.append(" · ")
    out.append(one_line(r["channel"] or "?"))
    if r["owner"]:
        out.append(f" (Amtfluencer: {one_line(r['owner'])})", style="italic")
    if r["created_at"]:
        out.append(f" · {berlin(r['created_at'])}")
    out.append("\n")
    if claim and claim.user != user:
        out.append(t("detail.claimed", user=one_line(claim.user), until=berlin(claim.expires_at)), style="bold reverse")
        out.append("\n")
    out.append(f"{t('detail.author')}: ", style="dim")
    out.append(one_line(r["author_name"] or "?"), style="bold")
    if r["author_id"]:
        out.append(f" ({one_line(r['author_id'])})", style="dim")
    if detail.author.repeat_offender:
        out.append("  ")
        out.append(t("detail.repeat", n=detail.author.offences), style="bold white on red")
    out.append("\n\n")
    out.append_text(highlighted(r["text"], detail.findings))
    if len(r["text"]) > MAX_TEXT:
        out.append(f" … (+{len(r['text']) - MAX_TEXT} Zeichen)", style="dim")
    out.append("\n")
    if r["permalink"]:
        out.append(one_line(r["permalink"]), style="dim underline")
        out.append("\n")
    out.append(f"\n{t('detail.findings')}\n", style="bold")
    if not detail.findings:
        out.append(f"  {t('detail.no_findings')}\n", style="dim")
    for f in detail.findings:
        sev = str(f.get("severity", ""))
        out.append("  ")
        out.append(f" {sev} ", style=SEVERITY_STYLE.get(sev, ""))
        out.append(f" {one_line(str(f.get('rule_id')))} {one_line(str(f.get('title')))}", style="bold")
        matched = ", ".join(one_line(str(m), 40) for m in (f.get("matched") or [])[:5])  # type: ignore[union-attr]
        if matched:
            out.append(f" »{matched}«")
        if f.get("why"):
            out.append(f"\n      {one_line(str(f['why']), 200)}", style="dim")
        out.append("\n")
    if detail.parent:
        out.append(f"\n{t('detail.parent')} ", style="bold")
        out.append(one_line(detail.parent.get("author_name") or "?"), style="italic")
        out.append(f": {one_line(detail.parent['text'], 300)}\n")
    if detail.post:
        out.append(f"\n{t('detail.post')}: ", style="bold")
        out.append(one_line(detail.post.get("text") or detail.post.get("native_id"), 300))
        out.append("\n")
    if detail.templates:
        out.append(f"\n{t('detail.templates')}: ", style="bold")
        out.append(", ".join(f"{one_line(str(tid))} ({score:.0%})" for tid, score in detail.templates[:4]))
        out.append("\n")
    out.append(f"\n{t('detail.history', n=detail.author.total)}\n", style="bold")
    for _cid, created, st, first in detail.author.earlier[:8]:
        when = berlin(created) if created else "?"
        out.append(f"  {when}  ", style="dim")
        out.append(f"[{t('state.' + st)}] ", style="bold red" if st in ("hidden", "deleted", "blocked", "reported") else "dim")
        out.append(one_line(first, 100) + "\n")
    if detail.trail:
        out.append(f"\n{t('detail.trail')}\n", style="bold")
        for e in detail.trail:
            out.append(f"  {berlin(e.at)}  {one_line(e.user)}  ", style="dim")
            out.append(t("action." + e.action), style="bold")
            extra = " ".join(
                x for x in (
                    ", ".join(e.rules), one_line(e.data.get("target", "")), one_line(e.reason or "", 80),
                    one_line(e.note or "", 80), one_line(e.reply_text or "", 80),
                ) if x
            )
            out.append(f"  {extra}\n" if extra else "\n")
    if detail.versions:
        out.append(f"\n{t('detail.versions')}\n", style="bold")
        for text, until in detail.versions:
            out.append(f"  bis {berlin(until)}: ", style="dim")
            out.append(one_line(text, 200) + "\n")
    return out


class DetailPane(VerticalScroll, can_focus=False):
    """Scrollable holder of the rendered detail."""

    DEFAULT_CSS = """
    DetailPane { height: 1fr; }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text(t("detail.none"), style="dim"), id="detail-body")

    def show(self, content: Text) -> None:
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False)
