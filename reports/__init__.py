"""Reports: the pipeline behind the persistence clock, the flags and the trigger analysis.

frames (database → pandas frames) → rules (twitchdiary.lib.rules: persistence,
flags, red flags, on plain facts) → triggers (association analysis), composed by
pipeline.build_report into the report.Report the pages print; chart_names maps each
chart to the function that draws it (charts.py). Only frames.py (and diary.status, the
twitch history the dashboard shares) touches the database; rules and triggers never
do. Rendered pages are stored per person by accounts.cache.
"""
