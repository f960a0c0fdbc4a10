"""One row per person and local day: the database's promise of one reminder a day.

The scheduler inserts the row before anything is sent (the unique constraint
decides which of two concurrent passes owns it), and the delivery task moves
it from pending to sending before it talks to the mail server, so a crash
mid-send leaves the row in "sending" rather than letting a retry send twice.
Retries are due times in the row (retry_at), picked up by the next pass: they
survive a restarted worker and work the same under cron.
"""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not needed (day logged or reminders turned off)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    local_date = models.DateField("day reminded about")
    channel = models.CharField(max_length=8, default="email")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # After a failed send: when the next pass may try again (backoff 1, 2, 4 minutes).
    retry_at = models.DateTimeField(null=True, blank=True)
    # Which scheduler pass inserted the row: a pass enqueues only the rows it won.
    claim = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The e-mail's one-tap check-in links work once: set when one of them is used.
    link_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="reminder_one_per_day"),
        ]

    def __str__(self):
        return f"Reminder for {self.local_date} ({self.get_state_display().lower()})"


class PushSubscription(models.Model):
    """One browser's Web Push subscription (what its push service needs to reach it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's URL for this browser: unique to one browser profile.
    endpoint = models.URLField(max_length=1000, unique=True)
    # The browser's public key and auth secret (base64url) that encrypt the message.
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Push subscription of user {self.user_id}"

    def info(self) -> dict:
        """The subscription as pywebpush and the browser's PushSubscription.toJSON() spell it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
