"""Reports: the pipeline behind the persistence clock, the flags and the trigger analysis.

frames (database → pandas frames) → rules (persistence, flags, red flags)
→ triggers (association analysis) → charts and pages (built on top).
Only frames.py touches the database; rules and triggers work on frames.
"""
