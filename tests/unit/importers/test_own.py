"""Replies the export itself shows to be the post owner's (no channels.toml needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cm_tui.cli import main
from cm_tui.importers.own import answers_own_post
from cm_tui.model import Comment
from cm_tui.store.db import open_store

SAMPLE = Path(__file__).resolve().parents[3] / "sample_data"
PAGE = "104523981234567"


def _c(platform: str, **kw: str) -> Comment:
    return Comment(platform=platform, comment_id="c", text="Danke!", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("comment", "own"), [
    (_c("facebook", post_id=f"{PAGE}_872309876501234", author_id=PAGE, author_name="Stadt Musterstadt"), True),
    # a namesake of the page is a citizen: only the page id counts
    (_c("facebook", post_id=f"{PAGE}_872309876501234", author_id="6100000019898510",
        author_name="Stadt Musterstadt"), False),
    (_c("facebook", post_id="872309876501234", author_id=PAGE), False),  # no page in the id
    (_c("facebook", post_id=f"_{PAGE}", author_id=""), False),
    (_c("instagram", channel="stadt.musterstadt", author_name="Stadt.Musterstadt"), True),
    (_c("instagram", channel="stadt.musterstadt", author_name="stadt.musterstadt_fan"), False),
    (_c("youtube", channel="UCm5tRstAdTmUsTeR0k9X2aB", author_id="UCm5tRstAdTmUsTeR0k9X2aB"), True),
    (_c("youtube", channel="UCm5tRstAdTmUsTeR0k9X2aB", author_id="UC2NNpu3AG1Ddlprf11cV5qo",
        author_name="@stadtmusterstadt"), False),
    # conversation exports may start at a citizen's post: never judged from the record alone
    (_c("x", channel="bibliothek_miri", author_handle="bibliothek_miri", author_id="145"), False),
    (_c("mastodon", channel="stadt", author_id="stadt"), False),
    (_c("youtube"), False),
])
def test_the_post_owner_is_recognised_by_ids_only(comment: Comment, own: bool) -> None:
    assert answers_own_post(comment) is own


def test_sample_page_replies_leave_the_queue_without_channels_toml(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    for f in SAMPLE.iterdir():
        if f.suffix in (".json", ".csv", ".jsonl"):
            shutil.copy(f, exports)
    assert main(["--db", str(tmp_path / "x.db"), "import", str(exports), "--quiet"]) == 0
    store = open_store(tmp_path / "x.db")
    rows = store.conn.execute(
        "SELECT platform, author_name, state, count(*) FROM comments WHERE own = 1 GROUP BY 1, 2, 3").fetchall()
    store.close()
    # all 17 the channel map finds (9 before the comments edge got the page id from the permalink)
    assert ("facebook", "Stadt Musterstadt", "own", 17) in rows
    assert ("youtube", "@stadtmusterstadt", "own", 1) in rows
    assert {r[1] for r in rows} == {"Stadt Musterstadt", "Ordnungsamt Musterstadt", "Musterstadt erleben",
                                    "@stadtmusterstadt", "Lea Yilmaz"}
