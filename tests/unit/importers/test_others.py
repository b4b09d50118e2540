"""YouTube, Mastodon, X, TikTok and LinkedIn exports."""

from __future__ import annotations

import json
from pathlib import Path

from importer_helpers import comments, load, posts


def test_youtube_threads_prefer_text_original() -> None:
    fmt, records = load("yt_threads.json")
    assert fmt == "youtube-comment-threads"
    p = posts(records)["dQw4w9WgXcQ"]
    assert p.channel == "UCstadtMusterstadt"
    c = comments(records)
    top = c["UgzThread1AaBb"]
    assert top.text == "Super Video! Mehr Infos: https://musterstadt.de\nSchöne Grüße & danke"
    assert top.text_html is not None and "<a href" in top.text_html
    assert top.created_at == "2024-02-10T15:51:44Z"
    assert (top.reply_count, top.like_count, top.author_id) == (1, 3, "UCklaus")
    assert top.permalink == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThread1AaBb"
    reply = c["UgzThread1AaBb.9zReply1"]
    assert reply.parent_id == "UgzThread1AaBb"
    # Without textOriginal the HTML of textDisplay becomes plain text.
    assert reply.text == "Ich finde das nicht gut, das ist 'Steuergeldverschwendung'!\n\nZweiter Absatz."
    assert reply.author_id is None


def test_youtube_replies_list() -> None:
    fmt, records = load("yt_replies.json")
    assert fmt == "youtube-comments"
    c = comments(records)["UgzThread1AaBb.9zReply2"]
    assert c.parent_id == "UgzThread1AaBb" and c.created_at == "2024-02-11T10:00:00Z"


def test_mastodon_context() -> None:
    fmt, records = load("mastodon_context.json")
    assert fmt == "mastodon-context"
    p = posts(records)["113000000000000001"]
    assert p.channel == "musterstadt"
    c = comments(records)
    first = c["113000000000000002"]
    assert first.parent_id is None and first.post_id == "113000000000000001"
    assert first.text == "@musterstadt Endlich!\nMehr Schlaf & weniger Stress.\n\nZweiter Absatz mit #Zeit 'zitiert'"
    assert first.text_html.startswith("<p>")
    assert first.author_name == "jo@chaos.social"  # empty display_name falls back to acct
    assert first.created_at == "2024-10-27T01:00:00Z"
    nested = c["113000000000000003"]
    assert nested.parent_id == "113000000000000002"
    assert nested.text == "CW: Politik\n\nDie Zeitumstellung gehört abgeschafft!"


def test_mastodon_context_without_ancestors_names_root_from_mentions(tmp_path: Path) -> None:
    doc = json.loads((Path(__file__).parent / "fixtures" / "mastodon_context.json").read_text())
    doc["ancestors"] = []
    path = tmp_path / "ctx.json"
    path.write_text(json.dumps(doc))
    _, records = load(path)
    assert posts(records)["113000000000000001"].channel == "musterstadt"
    assert comments(records)["113000000000000002"].parent_id is None


def test_mastodon_timeline_unwraps_boosts_once() -> None:
    fmt, records = load("mastodon_timeline.json")
    assert fmt == "mastodon-timeline"
    assert list(posts(records)) == ["113000000000000011"]
    c = comments(records)
    assert list(c) == ["113000000000000012", "113000000000000013"]
    assert c["113000000000000012"].post_id == "113000000000000011"
    assert c["113000000000000012"].channel == "musterstadt"
    assert c["113000000000000013"].text == "Gelöschter Beitrag im Klartext"
    assert c["113000000000000013"].parent_id == "113000000000000012"


def test_x_conversation() -> None:
    fmt, records = load("x_conversation.json")
    assert fmt == "x-tweets"
    p = posts(records)["1800000000000000001"]
    assert p.channel == "stadt_muster" and p.text == "Ab Montag: Sanierung der Lindenallee."
    c = comments(records)
    assert "1800000000000000001" not in c
    first = c["1800000000000000002"]
    assert first.text == "@stadt_muster Die Baustelle & der Lärm nerven <wirklich>! 🥁"
    assert first.parent_id is None and first.post_id == "1800000000000000001"
    assert (first.author_name, first.author_id, first.like_count) == ("Hans B.", "2002", 4)
    assert c["1800000000000000003"].parent_id == "1800000000000000002"


def test_tiktok_int64_ids_exact(tmp_path: Path) -> None:
    fmt, records = load("tiktok_comments.json")
    assert fmt == "tiktok-comments"
    c = comments(records)
    assert set(c) == {"7283528254915200000", "7283528254915200003"}  # > 2**53, every digit kept
    assert c["7283528254915200000"].parent_id is None  # parent == video id: top level
    assert c["7283528254915200003"].parent_id == "7283528254915200000"
    assert c["7283528254915200000"].created_at == "2022-12-19T23:13:18Z"
    big = 2**63 - 1
    path = tmp_path / "t.json"
    path.write_text(f'{{"data": {{"comments": [{{"id": {big}, "video_id": {big - 1}, "text": "x", "create_time": 1}}]}}}}')
    assert comments(load(path)[1])[str(big)].post_id == str(big - 1)


def test_tiktok_error_is_bad_input(tmp_path: Path) -> None:
    import pytest

    from cm_tui.importers import BadInput

    path = tmp_path / "t.json"
    path.write_text('{"data": {"comments": []}, "error": {"code": "rate_limit_exceeded", "message": "zu viele"}}')
    with pytest.raises(BadInput, match="rate_limit"):
        load(path)


def test_linkedin_comments() -> None:
    fmt, records = load("linkedin_comments.json")
    assert fmt == "linkedin-comments"
    c = comments(records)
    top = c["urn:li:comment:(urn:li:activity:7095684521727016961,7095684947448897536)"]
    assert top.post_id == "urn:li:activity:7095684521727016961"
    assert top.author_id == "urn:li:person:zLqTygBP8S" and top.author_name is None
    assert top.created_at == "2023-08-11T08:38:42Z"  # epoch milliseconds
    assert (top.like_count, top.reply_count) == (2, 1)
    reply = c["urn:li:comment:(urn:li:activity:7095684521727016961,7095684947448897999)"]
    assert reply.parent_id == top.comment_id
    assert reply.like_count == 0  # no likesSummary means no likes
