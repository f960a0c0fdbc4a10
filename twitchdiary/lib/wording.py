"""Small wording helpers shared by every page.

Everything a person reads goes through the clinical rules (docs/clinical-rules.md):
the app never diagnoses and never claims a cause.
``forbidden_phrases(text)`` finds words the reports must never use; tests of
every page built on this package can call it too.
"""

import math
import re

# docs/clinical-rules.md §6 and the helpers' context: never claim a cause or a verdict.
FORBIDDEN = ("caused by", "proves", "trigger confirmed", "diagnos", "harmless", "serious")
_NOT_PROOF_CAUSES = re.compile(r"not proof that [^.]*? causes\b", re.IGNORECASE)


def forbidden_phrases(text: str) -> list[str]:
    """The forbidden words found in ``text`` (empty when the text is acceptable).

    "causes" is allowed only inside the negated "not proof that ... causes".
    """
    lower = text.lower()
    found = [word for word in FORBIDDEN if word in lower]
    if "causes" in _NOT_PROOF_CAUSES.sub("", lower):
        found.append("causes")
    return found


def plural(n: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 day', '2 days'."""
    return f"{n} {noun if n == 1 else (plural_noun or noun + 's')}"


def number(value: float, decimals: int = 1) -> str:
    """A number with at most ``decimals`` decimals, trailing zeros dropped: 6.2, 190, 2.5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def duration(seconds: float | None) -> str:
    """A duration read at a glance: "45 s", "1 min 30 s", "10 min", "1 h 5 min"; "–" if unknown.

    Exact to the second under an hour (a half second, as a median can give, rounds
    up); from an hour on, to the nearest minute.
    """
    if seconds is None or math.isnan(seconds):
        return "–"
    total = int(seconds + 0.5)
    if total < 60:
        return f"{total} s"
    if total < 60 * 60:
        minutes, rest = divmod(total, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod((total + 30) // 60, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
