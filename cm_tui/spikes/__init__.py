"""Shitstorm spike detection: pure, incremental, explained in German (issue 5).

No Textual and no sqlite here; the store feeds :class:`Observation` values in and keeps the
:class:`SpikeEvent` values that come out.
"""

from .detector import SpikeDetector
from .events import Observation, SpikeEvent
from .params import DEFAULT_PARAMS, LEVEL_NAMES, SpikeParams
from .rate import replay_series
from .recompute import recompute

__all__ = [
    "DEFAULT_PARAMS",
    "LEVEL_NAMES",
    "Observation",
    "SpikeDetector",
    "SpikeEvent",
    "SpikeParams",
    "recompute",
    "replay_series",
]
