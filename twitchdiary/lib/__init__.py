"""Shared helpers that every app may import and that import no app.

Dependencies point one way: twitchdiary.lib ← accounts ← diary ← reports ← backup.
Clinical constants and wording, local dates, units: small, typed, tested on their own.
"""
