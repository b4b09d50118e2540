"""Near-duplicate clusters over a comment stream."""

from __future__ import annotations

from netiquette import NearDuplicateIndex

TEXT = "Stoppt den Bau der Umgehungsstraße sofort, wir wollen keinen Beton im Wald!"


def test_near_copies_join_one_cluster() -> None:
    index = NearDuplicateIndex(threshold=90, window_seconds=3600)
    assert index.add("c1", TEXT, "anna", 0.0) is None
    hit = index.add("c2", TEXT.replace("sofort", "sofort!!"), "bernd", 10.0)
    assert hit is not None and hit.first_key == "c1" and hit.cluster_key == "c1"
    hit = index.add("c3", "@stadt " + TEXT.upper(), "carla", 20.0)
    assert hit is not None and hit.size == 3 and hit.distinct_authors == 3
    assert index.add("c4", "Ganz anderes Thema: wann ist der Wertstoffhof offen?", "anna", 30.0) is None


def test_window_expires_old_comments_and_short_texts_are_ignored() -> None:
    index = NearDuplicateIndex(window_seconds=60)
    index.add("c1", TEXT, "anna", 0.0)
    assert index.add("c2", TEXT, "anna", 120.0) is None
    assert index.add("d1", "Danke!", "x", 130.0) is None
    assert index.add("d2", "Danke!", "y", 131.0) is None


def test_many_comments_stay_fast() -> None:
    import time

    index = NearDuplicateIndex()
    t0 = time.perf_counter()
    for i in range(3000):
        index.add(str(i), f"Kommentar Nummer {i} über Thema {i % 37} mit etwas Text dazu", None, i)
    assert time.perf_counter() - t0 < 5
