"""Reports: the pipeline behind the persistence clock, the flags and the trigger analysis.

frames (database → pandas frames) → rules (twitchdiary.lib.rules: persistence,
flags, red flags, on plain facts) → triggers (association analysis) → charts and
pages (built on top). Only frames.py (and diary.status, the twitch history the
dashboard shares) touches the database; rules and triggers never do.
"""
