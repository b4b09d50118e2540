"""The Textual user interface: the only package that imports Textual.

Textual draws the screen on a fixed grid of at most ``TEXTUAL_FPS`` frames a second (60 unless
set), and after a frame that took longer than one grid step it skips to the step after next. A
key press whose work was done just after a long frame then waited 17-33 ms to be drawn: that
wait, not the work, made the slowest tenth of key presses on the 1M-comment database (p95 of
key to detail 44-46 ms at 60, 27-35 ms at 240, with the same CPU per press). Frames are still drawn only
when something changed. Set before Textual is imported; a ``TEXTUAL_FPS`` of the user's wins.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "240")
