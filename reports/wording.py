"""The report's methods note (definitions and limits), one paragraph per item."""

from twitchdiary.lib import clinical


def methods_note() -> list[str]:
    """The report's methods note, one paragraph per item (definitions and limits)."""
    c = clinical
    return [
        "A day is your own calendar day in your time zone; an episode counts on the day it "
        "started. Sleep counts on the day you woke up (the night before).",
        "A day counts as logged when you logged an episode or answered the daily check-in. "
        "Days without either are missing, not twitch-free, and are left out of every "
        "statistic. Caffeine, alcohol and exercise count as none on a day you kept the diary "
        "(a check-in or any lifestyle entry) without such an entry, if you use that part of "
        "the diary at all; otherwise, and always for fluids, sleep and stress, they count "
        'as missing when not logged. A "yes, twitching" check-in without an episode makes a '
        "twitch day whose number of episodes is unknown.",
        "Persistence: twitch dates belong to one run while the gaps between them are at most "
        f"{c.GAP_BREAK_DAYS} days. A run's length counts both its first and last day. The NHS "
        "advises seeing a GP if a twitch lasts more than 2 weeks, so a current run of "
        f"{c.PERSISTENCE_FLAG_DAYS} days or more is flagged.",
        "Patterns compare days above and below your own median for each factor (for sleep, "
        "fluids and sleep quality: below the median against the rest; days equal to the "
        "median count with the rest), on the same day and on the day after. "
        f"With fewer than {c.MIN_USABLE_DAYS} usable days, or fewer than "
        f"{c.MIN_DAYS_PER_GROUP} in a group, nothing is compared. With "
        f"{c.MIN_USABLE_DAYS}–{c.EARLY_LOOK_MAX_DAYS} days only averages are shown. From "
        f"{c.STATS_MIN_DAYS} days (at least {c.STATS_MIN_DAYS_PER_GROUP} in each group and "
        f"{c.STATS_MIN_EPISODES} episodes) the number of episodes a day is compared between "
        "the groups (a Poisson comparison that allows for days varying more than chance "
        "alone would make them, with a 95% confidence interval), the p-values are corrected "
        "for the number of comparisons (Benjamini–Hochberg), and Spearman's rank "
        'correlation is shown. A "possible pattern" needs a corrected p-value below '
        f"{c.SIGNIFICANCE_ALPHA}, an interval that excludes 1, and a ratio of at least "
        f"{c.PATTERN_MIN_RATIO} or at most {c.PATTERN_MAX_RATIO}.",
        "A pattern in your own records is not proof of cause: factors move together (a short "
        "night and a strong coffee often go together) and twitching comes and goes on its "
        "own. Small effects are easily missed: in simulations with about one episode a day, "
        "a true doubling was found about half the time with 8 weeks of data and about one "
        "time in five with 4 weeks.",
        f"Caffeine timing: the share of episodes that began within "
        f"{c.CAFFEINE_WINDOW_HOURS} hours after a caffeine entry, against the share of waking "
        f"hours ({c.WAKING_START_HOUR:02d}:00–{c.WAKING_END_HOUR:02d}:00) on logged days that "
        "such windows covered. Episodes outside waking hours are left out of this view.",
    ]
