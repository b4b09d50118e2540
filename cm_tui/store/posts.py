"""How a post is named for people where its text is all there is to go by."""

from __future__ import annotations

from cm_tui.clock import BERLIN, parse_iso


def post_label(post_text: str | None, channel: str, post_created: str | None, post_id: str | None = None) -> str:
    """The post's first line (at most 60 characters), else the channel and "Beitrag" with its
    date or, without one, the end of its id: two posts of one profile must not read alike."""
    first = (post_text or "").strip().split("\n", 1)[0].strip()
    if first:
        return first[:60]
    if post_created:
        return f"{channel}: Beitrag vom {parse_iso(post_created).astimezone(BERLIN):%d.%m.%Y}"
    if post_id:
        return f"{channel}: Beitrag …{post_id[-8:]}"
    return f"{channel}: Beitrag"
