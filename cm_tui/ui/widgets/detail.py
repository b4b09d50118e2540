"""The detail pane: the full comment with matched characters highlighted, its context, the
author's history and the log trail. Built as rich Text, never as markup."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from rich.console import Console
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cm_tui.clock import berlin
from cm_tui.safe_text import clean, one_line
from cm_tui.store.claims import Claim
from cm_tui.store.detail import SAME_TEXT_LIMIT, CommentDetail
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


def suggested(templates: list[tuple[str, float]], titles: Mapping[str, str]) -> str:
    """The best few suggested replies, by title where known: "Netiquette-Hinweis (T01, 90 %)"."""
    parts = []
    for tid, score in templates[:4]:
        tid = one_line(str(tid))
        title = titles.get(tid)
        pct = t("detail.percent", n=round(score * 100))
        parts.append(f"{one_line(title, 60)} ({tid}, {pct})" if title else f"{tid} ({pct})")
    return ", ".join(parts)


def render_detail(detail: CommentDetail, claim: Claim | None, user: str,
                  template_titles: Mapping[str, str] | None = None) -> Text:
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
    for author, at, text in detail.team_replies:  # the thread was answered on the platform (maybe to someone else)
        out.append(f"\n{t('detail.team_reply')} ", style="bold green")
        out.append(one_line(author or "?"), style="italic")
        if at:
            out.append(f" ({berlin(at)})", style="dim")
        out.append(f": {one_line(text, 300)}\n")
    if detail.post:
        out.append(f"\n{t('detail.post')}: ", style="bold")
        if detail.post.get("text"):
            out.append(one_line(detail.post["text"], 300))
        else:  # a comments export names its post by id only
            out.append(one_line(detail.post.get("url") or detail.post.get("native_id"), 300))
            out.append(f" ({t('detail.post_without_text')})", style="dim")
        out.append("\n")
        if (gap := detail.post_gap) is not None:
            key = "detail.post_gap" if gap.replies_included else "detail.post_gap_top"
            out.append(t(key, have=gap.have, announced=gap.announced), style="bold dark_orange")
            out.append("\n")
    if (same := detail.same_text) is not None:
        out.append(f"\n{t('detail.same_text')}: ", style="bold")
        if same.capped:  # counted no further: the other numbers would be of the first 1,001 only
            out.append(t("detail.same_text_many", n=f"{SAME_TEXT_LIMIT:,}".replace(",", ".")))
        else:
            accounts = t("detail.account" if same.accounts == 1 else "detail.accounts", n=same.accounts)
            out.append(t("detail.same_text_counts", n=same.comments, accounts=accounts, open=same.open))
        out.append("\n")
    if detail.templates:
        out.append(f"\n{t('detail.templates')}: ", style="bold")
        out.append(suggested(detail.templates, template_titles or {}))
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


def wrap_lines(content: Text, console: Console, width: int) -> list[Strip]:
    """``content`` as lines of exactly ``width`` cells, wrapped as Rich wraps it. Most lines of a
    detail fit (headings, findings, history): those are rendered as they are and padded, only the
    longer ones go through Rich's wrapping. Per detail of the 1M-comment database that took
    1.8-2.2 ms, now 0.7-1.0 ms, with the same cells and styles on 300 stored comments (unstyled
    segments carry ``None`` instead of an empty Style). A Text with a style of its own is wrapped whole: its lines would
    lose that style when split."""
    options = console.options.update(width=width, height=None, no_wrap=False, overflow="fold")
    if content.style:
        return [Strip(line, width) for line in console.render_lines(content, options, pad=True)]
    lines: list[Strip] = []
    for line in content.split("\n", allow_blank=True):
        if line.cell_len <= width:
            lines.append(Strip(list(line.render(console, end="")), line.cell_len).extend_cell_length(width))
        else:
            lines.extend(Strip(part, width) for part in console.render_lines(line, options, pad=True))
    return lines


class DetailPane(ScrollView, can_focus=False):
    """The rendered detail as a line-API view of fixed size: showing another comment wraps its
    text once into strips and repaints this pane only. (A ``Static`` whose height follows its text
    made every new comment lay out and repaint the whole screen.)"""

    # The scrollbar is always there (showing or hiding it would lay out the screen again), one
    # column wide and with an invisible track: only its thumb shows, when there is more to read.
    DEFAULT_CSS = """
    DetailPane { height: 1fr; overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1;
        scrollbar-background: $background; scrollbar-background-hover: $background;
        scrollbar-background-active: $background; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content: Text = Text(t("detail.none"), style="dim")
        self.key: Hashable = None  # what ``content`` shows (e.g. a comment id), for whoever asks
        self.lines: list[Strip] = []
        self._wrapped_at = 0

    def show(self, content: Text, key: Hashable = None) -> None:
        self.content, self.key = content, key
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def plain(self) -> str:
        """The lines as they are drawn, without styles (for tests and the benchmark)."""
        return "\n".join(strip.text.rstrip() for strip in self.lines)

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet; on_resize wraps
        self.lines = wrap_lines(self.content, self.app.console, width)
        self._wrapped_at = width
        size = Size(width, len(self.lines))
        if size != self.virtual_size:
            # Not through the reactive: a new virtual size would lay out the whole screen again,
            # though this pane's own size never changes. Only its scrollbar needs to know, and
            # not even that while the text fits (the bar stays empty).
            height = self.scrollable_content_region.height
            fitted = self.virtual_size.height <= height
            self.set_reactive(DetailPane.virtual_size, size)
            if not (fitted and size.height <= height):
                self._scroll_update(size)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._wrapped_at:
            self._wrap()
            self.refresh()  # the frame drawn with the new size used the old width's lines

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self.lines):
            strip = self.lines[index]
            return strip if strip.cell_length == width else strip.crop_extend(0, width, None)
        return Strip.blank(width)
