"""Replies the export itself shows to be the post owner's own: the city answering under its post.

Without a ``channels.toml`` naming the city's accounts, the team's replies would sit in the
triage queue and count as public reaction in the spike detector. Some exports say who owns the
post, by an id nobody else can have, so those replies are recognised anyway:

- Facebook: a page post's id is ``{page id}_{post id}``; the page's own comments come ``from``
  that page id.
- Instagram: the media's ``username`` is its owner's; comments carry the writer's ``username``
  (unique on Instagram).
- YouTube: a comment thread names the video's ``channelId``; the owner's replies have that
  ``authorChannelId``.

Names are never compared (anyone can call themselves "Stadt Musterstadt"), and X and Mastodon
are left out: their conversation exports may start at a citizen's post, whose own follow-ups
would then look like the owner's.
"""

from __future__ import annotations

from cm_tui.model import Comment


def answers_own_post(c: Comment) -> bool:
    """Whether ``c`` was written by the account that owns the post it is under."""
    if c.platform == "facebook":
        page, sep, _ = (c.post_id or "").partition("_")
        return bool(sep and page and c.author_id == page)
    if c.platform == "instagram":
        return bool(c.channel and c.author_name and c.author_name.casefold() == c.channel.casefold())
    if c.platform == "youtube":
        return bool(c.channel and c.author_id == c.channel)
    return False
