import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone as django_timezone

from accounts.models import Profile
from diary.kinds import KINDS
from diary.synthetic import generate


class Command(BaseCommand):
    help = "Fill a user's diary with N years of realistic synthetic data (deterministic by seed)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--years", type=float, default=1.0)
        parser.add_argument("--days", type=int, help="overrides --years")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--timezone", default=None, help="IANA name; default: the profile's")
        parser.add_argument("--create", action="store_true", help="create the user if missing")
        parser.add_argument("--password", default="twitch-bench-password")
        parser.add_argument(
            "--replace", action="store_true", help="delete the user's entries first"
        )

    def handle(
        self, *args, username, years, days, seed, timezone, create, password, replace, **options
    ):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f"No user {username!r} (use --create).")
            user = User.objects.create_user(username=username, password=password)
        profile, _ = Profile.objects.get_or_create(user=user)
        if timezone:
            profile.timezone = timezone
            profile.save(update_fields=["timezone"])
        if replace:
            for kind in KINDS:
                kind.model.objects.filter(user=user).delete()
        tz = profile.tzinfo
        n_days = days or round(years * 365)
        started = time.perf_counter()
        now = django_timezone.now()
        result = generate(
            user=user, tz=tz, end=now.astimezone(tz).date(), days=n_days, seed=seed, now=now
        )
        elapsed = time.perf_counter() - started
        total = sum(result.counts.values())
        self.stdout.write(
            f"{username}: {n_days} days, {total} entries "
            f"({', '.join(f'{k} {v}' for k, v in result.counts.items())}) in {elapsed:.1f} s"
        )
