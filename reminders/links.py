"""Signed links in reminder e-mails: one-tap check-ins and one-click unsubscribe.

Each kind of link has its own salt, so a token of one kind never opens the other.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CHECKIN_SALT = "reminders.checkin"
UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def checkin_url(reminder, *, twitching: bool) -> str:
    token = signing.TimestampSigner(salt=CHECKIN_SALT).sign_object(
        {"r": reminder.pk, "t": int(twitching)}
    )
    return absolute(reverse("reminders:checkin", args=[token]))


def read_checkin_token(token: str) -> tuple[int, bool]:
    """(reminder id, twitching); raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.TimestampSigner(salt=CHECKIN_SALT).unsign_object(
        token, max_age=settings.REMINDER_LINK_MAX_AGE
    )
    return int(data["r"]), bool(data["t"])


def unsubscribe_url(user_id: int) -> str:
    # No expiry: an unsubscribe link in an old e-mail must still work (no login needed).
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id})
    return absolute(reverse("reminders:unsubscribe", args=[token]))


def read_unsubscribe_token(token: str) -> int:
    """The user id; raises signing.BadSignature."""
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)["u"])
