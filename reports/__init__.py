"""Reports: the pipeline behind the persistence clock, the flags and the trigger analysis.

select (database → pandas frames) → rules (persistence, flags, red flags)
→ triggers (association analysis) → charts and pages (built on top).
Only select.py touches the database; rules and triggers work on frames.
"""
