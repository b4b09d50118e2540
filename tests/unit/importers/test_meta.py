"""Facebook and Instagram Graph API exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importer_helpers import FIXTURES, comments, load, posts

from cm_tui.importers import BadInput
from cm_tui.model import Comment, Post


def test_facebook_stream_page_1() -> None:
    fmt, records = load("fb_comments_stream_p1.json")
    assert fmt == "facebook-comments"
    assert isinstance(records[0], Post)
    assert records[0].post_id == "1234567890_9876543210"  # from the paging URL's path
    c = comments(records)
    top = c["9876543210_1001"]
    assert top.parent_id is None
    assert top.author_name == "Erika Mustermann" and top.author_id == "5551001"
    assert top.text.endswith("repariert? 🚦")
    assert top.created_at == "2024-03-30T23:15:00Z"
    assert (top.like_count, top.reply_count) == (4, 1)
    reply = c["9876543210_1002"]
    assert reply.parent_id == "9876543210_1001"
    assert reply.post_id == top.post_id


def test_facebook_two_pages_form_one_thread_with_duplicates() -> None:
    store: dict[tuple[str, str], Comment] = {}
    post_ids = set()
    for name in ("fb_comments_stream_p1.json", "fb_comments_stream_p2.json"):
        _, records = load(name)
        for r in records:
            if isinstance(r, Comment):
                store[(r.platform, r.comment_id)] = r  # what the store's upsert does
            else:
                post_ids.add(r.post_id)
    assert post_ids == {"1234567890_9876543210"}
    assert len(store) == 4  # 5 rows, one duplicate across the pages
    assert store[("facebook", "9876543210_1002")].like_count == 3  # the later page wins
    ids = {cid for _, cid in store}
    assert all(c.parent_id is None or c.parent_id in ids for c in store.values())


def test_facebook_rtl_and_attachment_only() -> None:
    c = comments(load("fb_comments_stream_p2.json")[1])
    assert c["9876543210_1003"].author_name == "محمد علي"
    assert c["9876543210_1003"].text.startswith("شكرا!")
    assert c["9876543210_1004"].text == "[Anhang: sticker]"
    assert c["9876543210_1004"].author_name is None


def test_facebook_without_id_and_from_threads_by_permalink() -> None:
    fmt, records = load("fb_comments_noid.json")
    assert fmt == "facebook-comments"
    c = comments(records)
    assert set(c) >= {"5550001_7001", "5550001_7002"}
    assert c["5550001_7001"].parent_id is None
    assert c["5550001_7002"].parent_id == "5550001_7001"
    assert c["5550001_7002"].author_name is None and c["5550001_7002"].author_id is None
    assert c["5550001_7002"].text == "Sehe ich genauso & meine Nachbarn auch."
    hashed = [k for k in c if k.startswith("h")]
    assert len(hashed) == 1  # no id, no permalink: a stable hash
    assert comments(load("fb_comments_noid.json")[1]).keys() == c.keys()


def test_facebook_base64_comment_id_in_permalink(tmp_path: Path) -> None:
    import base64

    token = base64.b64encode(b"comment:28924441720578030_1517305366187412").decode()
    doc = {"data": [{"created_time": "2024-06-01T10:00:00+0000", "message": "x",
                     "permalink_url": f"https://www.facebook.com/groups/1/posts/2/?comment_id={token}"}]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    assert list(comments(load(path)[1])) == ["1517305366187412"]


def test_facebook_toplevel_with_nested_replies() -> None:
    fmt, records = load("fb_comments_toplevel.json")
    assert fmt == "facebook-comments"
    c = comments(records)
    assert c["5550002_8001"].text == "Warum ist der Wertstoffhof samstags zu?\nDas ist ärgerlich."
    assert c["5550002_8002"].parent_id == "5550002_8001"
    assert c["5550002_8003"].parent_id == "5550002_8001"
    # the post as the page feed names it ("{page}_{post}"), known from the permalink
    assert {x.post_id for x in c.values()} == {"1234567890_5550002"}
    assert "data" not in c["5550002_8001"].raw["comments"]  # replies are records of their own


def test_facebook_comments_edge_and_feed_of_one_post_meet_on_one_post(tmp_path: Path) -> None:
    """The comments edge gives "{post}_{comment}" ids, the feed "{page}_{post}": one post, whose
    text the comments' detail shows (seen in the sample data: 51 comments had lost their post)."""
    link = "https://www.facebook.com/1234567890/posts/5550009/?comment_id=1"
    edge = {"data": [{"id": "5550009_1", "created_time": "2024-06-01T10:00:00+0000", "message": "Frage",
                      "permalink_url": link}]}
    path = tmp_path / "edge.json"
    path.write_text(json.dumps(edge))
    assert comments(load(path)[1])["5550009_1"].post_id == "1234567890_5550009"
    other = dict(edge["data"][0], permalink_url="https://www.facebook.com/1234567890/posts/777/?comment_id=1")
    path.write_text(json.dumps({"data": [other]}))
    assert comments(load(path)[1])["5550009_1"].post_id == "5550009"  # a link to another post: the id wins


def test_facebook_feed_with_embedded_comments() -> None:
    fmt, records = load("fb_feed.json")
    assert fmt == "facebook-feed"
    p = posts(records)
    assert p["1234567890_5550003"].channel == "Stadt Musterstadt"
    assert p["1234567890_5550003"].text == "Heute beginnt die Sanierung der Brückenstraße."
    assert p["1234567890_5550003"].created_at == "2024-05-02T07:00:00Z"
    c = comments(records)["5550003_9001"]
    assert c.post_id == "1234567890_5550003" and c.channel == "Stadt Musterstadt"
    assert "EAAPAGE" not in json.dumps(p["1234567890_5550003"].raw)


def test_facebook_ids_dict() -> None:
    fmt, records = load("fb_ids.json")
    assert fmt == "facebook-ids"
    c = comments(records)
    assert c["5550005_6001"].post_id == "1234567890_5550005"
    assert c["5550006_6002"].post_id == "1234567890_5550006"
    assert set(posts(records)) == {"1234567890_5550005", "1234567890_5550006"}


def test_facebook_replies_edge_of_a_comment(tmp_path: Path) -> None:
    doc = {"data": [{"id": "5550002_8009", "created_time": "2024-01-15T12:00:00+0000", "message": "Antwort"}],
           "paging": {"next": "https://graph.facebook.com/v19.0/5550002_8001/comments?access_token=T&after=a"}}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc))
    c = comments(load(path)[1])["5550002_8009"]
    assert (c.post_id, c.parent_id) == ("5550002", "5550002_8001")


def test_instagram_media_comments_with_replies() -> None:
    fmt, records = load("ig_comments.json")
    assert fmt == "instagram-comments"
    c = comments(records)
    top = c["17892250648466172"]
    assert top.post_id == "17900000000000001"
    assert top.author_name == "anna.k" and top.author_id == "17841400000000001"
    assert top.reply_count == 2 and top.like_count == 12
    assert top.created_at == "2024-08-10T18:45:03Z"
    assert c["17892250648466173"].parent_id == "17892250648466172"
    assert c["17892250648466174"].author_name is None  # replies often hold only timestamp/text/id
    assert c["17892250648466175"].post_id == "17900000000000001"  # from the paging URL
    assert all(x.platform == "instagram" for x in c.values())


def test_instagram_replies_without_media_id() -> None:
    fmt, records = load("ig_replies.json")
    assert fmt == "instagram-comments"
    assert not posts(records)
    c = comments(records)
    assert c["17892250648466180"].post_id is None
    assert c["17892250648466181"].parent_id == "17892250648466179"


def test_instagram_media_list_names_the_channel() -> None:
    fmt, records = load("ig_media.json")
    assert fmt == "instagram-comments"
    p = posts(records)["17900000000000002"]
    assert p.channel == "stadt_musterstadt"
    assert p.url == "https://www.instagram.com/p/C0abcDEF/"
    assert comments(records)["17892250648466190"].channel == "stadt_musterstadt"


def test_no_tokens_in_any_raw() -> None:
    for path in sorted(FIXTURES.iterdir()):
        _, records = load(path)
        for r in records:
            dumped = json.dumps(r.raw)
            assert "access_token" not in dumped and "EAA" not in dumped and "IGQVJ" not in dumped, path.name


def test_facebook_exports_announce_how_many_comments_a_post_has() -> None:
    """``summary.total_count``: all comments under filter=stream, top-level ones otherwise; the
    largest announced total is kept by the store (see test_store)."""
    from tests.conftest import SAMPLE

    _fmt, records = load(SAMPLE / "facebook_shitstorm_radweg_p1.json")
    totals = [(r.post_id, r.comment_total, r.toplevel_total) for r in records if isinstance(r, Post)
              and (r.comment_total is not None or r.toplevel_total is not None)]
    assert totals == [("104523981234567_872399001234567", 553, None)]
    _fmt, records = load(SAMPLE / "facebook_post_comments_stream.json")  # no paging links: replies tell
    assert [(r.post_id, r.comment_total) for r in records if isinstance(r, Post) and r.comment_total] == [
        ("104523981234567_872310456789012", 51)]


def test_a_toplevel_edge_and_a_reply_edge(tmp_path: Path) -> None:
    top = {"data": [{"id": "5_1", "created_time": "2024-06-01T10:00:00+0000", "message": "a"}],
           "paging": {"next": "https://graph.facebook.com/v21.0/9_5/comments?after=X"},
           "summary": {"total_count": 40}}
    path = tmp_path / "top.json"
    path.write_text(json.dumps(top))
    posts_ = [r for r in load(path)[1] if isinstance(r, Post) and r.toplevel_total is not None]
    assert [(p.post_id, p.toplevel_total, p.comment_total) for p in posts_] == [("9_5", 40, None)]
    replies = dict(top, paging={"next": "https://graph.facebook.com/v21.0/5_1/comments?after=X"},
                   data=[{"id": "5_2", "created_time": "2024-06-01T10:00:00+0000", "message": "b"}])
    path.write_text(json.dumps(replies))  # the replies of comment 5_1: their count is not the post's
    assert not [r for r in load(path)[1] if isinstance(r, Post) and (r.toplevel_total or r.comment_total)]
    path.write_text(json.dumps(dict(top, summary={"total_count": "viele"})))
    with pytest.raises(BadInput, match="total_count"):
        load(path)
