"""The Twitch Diary benchmark: every page, timed against the framework's floor.

Run it with `python -m bench` (see bench/README.md). The parts: `server` (a fresh database and
cache, synthetic diaries, gunicorn as production runs it), `client` (one browser over HTTP),
`measure` (the pages, their budgets, sampling, load, worker memory and CPU) and `report` (text,
Markdown and JSON output).
"""
