"""Demo data: the fictional sample exports in ``sample_data/`` and a streaming load generator.

- :mod:`cm_tui.demo.sample` writes the hand-made sample files (``python -m cm_tui.demo.sample``).
- :mod:`cm_tui.demo.generate` streams N synthetic comments in any supported export shape.

Everything here is fictional: "Stadt Musterstadt", its accounts and every person are invented.
"""
