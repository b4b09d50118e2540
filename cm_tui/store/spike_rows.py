"""Reading stored spike events (for the header, the banner, the alerts view and the handover).

Apart from ``spikes_store`` (which builds them and needs the detector) so the main screen can read
them without importing the detector."""

from __future__ import annotations

import json

from cm_tui.store.db import Store


def load_spikes(store: Store, *, active_only: bool = False) -> list[dict[str, object]]:
    sql = "SELECT * FROM spikes" + (" WHERE end IS NULL" if active_only else "") + " ORDER BY start DESC"
    with store.lock:
        cur = store.conn.execute(sql)
        cols = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            d = dict(zip(cols, r, strict=True))
            for key in ("levels", "series", "comment_ids"):
                d[key] = json.loads(d[key])  # type: ignore[arg-type]
            out.append(d)
    return out
