"""Share links: a read-only copy of one doctor report, for a clinician, without an account.

Only a SHA-256 hash of each link's token is stored, so a copy of the database holds no
working link; the person sees the full link once, when it is made.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# 1 day to 4 weeks; a week unless the person chooses otherwise.
MIN_EXPIRY_DAYS = 1
MAX_EXPIRY_DAYS = 28
DEFAULT_EXPIRY_DAYS = 7
TOKEN_BYTES = 32  # 256 bits of randomness, URL-safe base64 (43 characters)
# An optional 6-digit code the person tells the clinician; this many wrong codes end the link.
MAX_CODE_ATTEMPTS = 5


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_code(token: str, code: str) -> str:
    """The code's hash, salted with the token: without the link, a leaked hash is no help."""
    return hashlib.sha256(f"{token}:{code}".encode()).hexdigest()


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def open_now(self) -> "ShareLinkQuerySet":
        """Links that still open: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token: str) -> "ShareLink | None":
        """The open link with this token, or None (an expired, revoked or unknown token)."""
        return self.open_now().filter(token_hash=hash_token(token)).select_related("user").first()


class ShareLink(models.Model):
    class Paper(models.TextChoices):
        A4 = "a4", "A4"
        LETTER = "letter", "US Letter"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    start = models.DateField()
    end = models.DateField()
    paper = models.CharField(max_length=6, choices=Paper.choices, default=Paper.A4)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # How often the link was opened and when last; nothing about who opened it.
    open_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    # Empty when no code is asked for.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    failed_codes = models.PositiveSmallIntegerField(default=0)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="sharelink_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="sharelink_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="sharelink_expires_after_created"
            ),
        ]

    def __str__(self) -> str:
        return f"Share link {self.start} – {self.end}"

    @classmethod
    def create_for(
        cls,
        user: User,
        *,
        start: dt.date,
        end: dt.date,
        expires_days: int,
        paper: str = Paper.A4,
        with_code: bool = False,
    ) -> tuple["ShareLink", str, str]:
        """A new link, its token and its code ("" without one); neither is stored, so
        neither can be shown again."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        code = f"{secrets.randbelow(10**6):06d}" if with_code else ""
        now = timezone.now()
        link = cls.objects.create(
            user=user,
            token_hash=hash_token(token),
            start=start,
            end=end,
            paper=paper,
            created_at=now,
            expires_at=now + dt.timedelta(days=expires_days),
            code_hash=hash_code(token, code) if code else "",
        )
        return link, token, code

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "open" if self.expires_at > timezone.now() else "expired"

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def needs_code(self) -> bool:
        return bool(self.code_hash)

    @property
    def locked_by_codes(self) -> bool:
        return self.failed_codes >= MAX_CODE_ATTEMPTS

    def check_code(self, token: str, code: str) -> bool:
        """Whether the code is right; a wrong one counts, and the last allowed one ends
        the link, so guessing 1 in a million gets MAX_CODE_ATTEMPTS tries."""
        if secrets.compare_digest(self.code_hash, hash_code(token, code)):
            return True
        type(self).objects.filter(pk=self.pk).update(failed_codes=F("failed_codes") + 1)
        self.refresh_from_db(fields=["failed_codes"])
        if self.locked_by_codes:
            self.revoke()
        return False

    @property
    def codes_left(self) -> int:
        return max(MAX_CODE_ATTEMPTS - self.failed_codes, 0)

    def record_open(self) -> None:
        """Count one opening: one UPDATE, so two clinicians opening at once both count."""
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            open_count=F("open_count") + 1, last_opened_at=now
        )
        self.open_count += 1
        self.last_opened_at = now
