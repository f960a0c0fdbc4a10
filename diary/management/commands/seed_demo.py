import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone as django_timezone

from accounts import cache
from accounts.models import Profile
from diary.models import CheckIn, Episode
from diary.synthetic import generate
from twitchdiary.lib.dates import day_bounds

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "twitch-demo-2026"
DEMO_DAYS = 70  # about ten weeks
DEMO_EMAIL = "demo@example.com"
# The demo's daily reminder (local time): scripts/run prints it with the console e-mail backend.
DEMO_REMINDER_TIME = dt.time(20, 0)


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo account with about ten weeks of realistic diary data. "
        f"Log in as {DEMO_USERNAME} / {DEMO_PASSWORD}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timezone", default="Europe/London")
        parser.add_argument("--seed", type=int, default=2)

    @transaction.atomic
    def handle(self, *args, timezone: str, seed: int, **options):
        User = get_user_model()
        User.objects.filter(username=DEMO_USERNAME).delete()  # cascades to every entry
        user = User.objects.create_user(
            username=DEMO_USERNAME, password=DEMO_PASSWORD, email=DEMO_EMAIL
        )
        profile = Profile.objects.create(
            user=user,
            display_name="Demo D.",
            timezone=timezone,
            reminder_time=DEMO_REMINDER_TIME,
            visit_questions=(
                "Could my coffee habit be linked to the twitching?\n"
                "Should I have any blood tests (for example magnesium or vitamin D)?"
            ),
        )
        now = django_timezone.now()
        result = generate(
            user=user,
            tz=profile.tzinfo,
            end=now.astimezone(profile.tzinfo).date(),
            days=DEMO_DAYS,
            seed=seed,
            quiet_spells=False,
            now=now,
        )
        # Today is left for the person to check in (no check-in, no twitch yet), so the
        # dashboard's check-in buttons show and the 20:00 reminder goes out.
        today = now.astimezone(profile.tzinfo).date()
        start, end = day_bounds(today, profile.tzinfo)
        CheckIn.objects.filter(user=user, date=today).delete()
        Episode.objects.filter(user=user, started_at__gte=start, started_at__lt=end).delete()
        cache.invalidate(user.pk)
        total = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account ready: log in as {DEMO_USERNAME} / {DEMO_PASSWORD} "
                f"({total} entries over {DEMO_DAYS} days)."
            )
        )
