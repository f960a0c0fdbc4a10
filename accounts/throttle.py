"""Throttling beyond the login form.

A wrong password on the password-change and account-deletion forms counts as a failed log-in
for django-axes, so both forms are paused exactly like the login: after AXES_FAILURE_LIMIT
wrong passwords for one account from one address, for AXES_COOLOFF_MINUTES.

Password-reset e-mails are limited per e-mail address and per client address within an hour,
counted in Django's cache; the page says the same whether a mail was sent or not.
"""

import hashlib

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError

RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 60 * 60


def paused_message() -> str:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return (
        "Too many wrong passwords: to protect your diary, this is paused for "
        f"{minutes} minutes. Try again later, or reset your password after logging out."
    )


def check_password(request, user, password: str, *, wrong_message: str) -> None:
    """Raise a ValidationError unless `password` is the user's and the account is not paused.

    A wrong password is recorded by django-axes as a failed log-in for this account.
    """
    credentials = {"username": user.get_username()}
    if request is not None and AxesProxyHandler.is_locked(request, credentials):
        raise ValidationError(paused_message(), code="throttled")
    if user.check_password(password):
        return
    if request is not None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            # Axes' middleware would swap this page for the login lock-out page; the form
            # says it next to the field instead, and the person stays signed in.
            request.axes_locked_out = False
            raise ValidationError(paused_message(), code="throttled")
    raise ValidationError(wrong_message, code="password_incorrect")


def reset_mail_allowed(request, email: str) -> bool:
    """Count one password-reset request; True while this address and this client are within
    their hourly limits."""
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    client = get_client_ip_address(request) or "unknown"
    within = True
    for key, limit in (
        (f"throttle:reset:address:{address}", RESETS_PER_ADDRESS),
        (f"throttle:reset:client:{client}", RESETS_PER_CLIENT),
    ):
        cache.add(key, 0, RESET_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(key, 1, RESET_WINDOW_SECONDS)
            count = 1
        within = within and count <= limit
    return within
