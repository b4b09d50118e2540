"""Named thresholds of the spike detector: one frozen settings object, shipped defaults.

The level thresholds follow the proposal S01 in research/netiquette-domain.md §8.3 (Graf/Schwede
scale mapped to five levels); the rate-model constants were chosen by leave-one-out on the four
NAB Twitter series (see ``cm_tui/spikes/nab_eval.py``) and are not tuned per series.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVEL_NAMES: dict[int, str] = {
    0: "normal",
    1: "Beobachten",
    2: "erhöhte Lage",
    3: "Shitstorm",
    4: "Krise",
}

BUCKET_SECONDS = 300  # 5-minute buckets everywhere


@dataclass(frozen=True, slots=True)
class SpikeParams:
    """Every threshold of the detector, by name. Counts are per 60-minute window unless noted."""

    # --- rate baseline (per channel and overall; posts use their channel's baseline) ---------
    prior_per_hour: float = 1.0  # assumed rate of a scope never seen before
    prior_hours: float = 24.0  # weight of that prior, in hours of observation
    alpha_level: float = 1 / 72  # EWMA weight of the trend factor (recent vs seasonal), per hour
    alpha_profile: float = 1 / 21  # weight of hour-of-day and weekday factors (≈ 3 weeks)
    alpha_dispersion: float = 1 / 168  # weight of the overdispersion estimate (≈ 1 week)
    dispersion_prior: float = 0.1  # φ in var = μ + φ·μ² before anything was learnt
    dispersion_max: float = 1.0
    winsor_sigma: float = 3.0  # counts above μ + k·σ feed the baseline as μ + k·σ
    warmup_hours: int = 24  # before this, hour-of-day factors are not used
    max_gap_hours: int = 24 * 14  # longer silences decay the level in closed form

    # --- rate alarm (shared by `spikes replay` and the live detector) -----------------------
    short_buckets: int = 3  # 15-minute window
    long_buckets: int = 12  # 60-minute window
    z_on: float = 12.0  # standardised excess that raises the rate alarm
    z_off: float = 3.0  # ... and that keeps it on (hysteresis)
    short_z_factor: float = 2.0  # the short window needs z_on × this
    short_ratio_factor: float = 2.0  # a short burst alone alarms at ratio_min × this (15 min)
    ratio_min: float = 4.0  # and at least this many times the usual rate
    min_count: int = 10  # and at least this many comments in 60 minutes (§8.3 level 1)

    # --- levels (§8.3) --------------------------------------------------------------------
    level2_ratio: float = 5.0
    level2_count: int = 25
    level3_ratio: float = 10.0
    level3_count: int = 50
    hostile_severity: int = 2  # a finding of this severity or more counts as hostile
    severe_severity: int = 3  # "R01–R05"-class findings
    hostile_share_1: float = 0.40
    hostile_share_2: float = 0.50
    hostile_share_3: float = 0.60
    hostile_min_count: int = 10
    severe_hits_2: int = 3
    severe_hits_4: int = 20
    # ... and only where they are at least this share of the window's comments: a large city's
    # "Alle Kanäle" sees a dozen severe findings in every busy hour, which is its normal, not a Lage
    severe_share: float = 0.05
    new_author_share_2: float = 0.30
    new_author_share_3: float = 0.50
    new_author_min_count: int = 10
    dup_min_authors: int = 3  # a copy-paste cluster needs this many distinct accounts
    dup_comments_2: int = 5
    dup_comments_3: int = 15
    dup_similarity: float = 88.0  # rapidfuzz ratio on normalised text, 0..100
    dup_min_chars: int = 30  # shorter texts ("Danke für die Info!") never form a campaign
    dup_prefix_words: int = 3  # prefilter: compare only texts sharing the first words
    dup_bucket_max: int = 30  # compare with at most this many recent texts per prefix
    spread_channels: int = 2  # same cluster on ≥ this many channels counts as spread
    # A threat on an Amtfluencer's profile is a Krise on its own (§8.3: "against staff"). In a city
    # channel a threat finding makes a Shitstorm a Krise and is a severe hit otherwise: a large
    # city sees unverified threat findings every hour. True makes every one level 4.
    threat_is_crisis: bool = False
    close_after_minutes: int = 120  # a spike ends after this long at level 0
    window_minutes: int = 60


DEFAULT_PARAMS = SpikeParams()
