from django.core.management.base import BaseCommand
from huey.contrib.djhuey import HUEY

from reminders.tasks import run_pass


class Command(BaseCommand):
    help = (
        "Run one reminder pass and exit: send a reminder to everyone whose local reminder time "
        "has come and whose day is not logged yet, and retry failed sends that are due. The "
        "consumer's scheduler runs the same pass every minute; on a host with cron instead, "
        "run this every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the sends to the Huey consumer instead of sending in this process.",
        )

    def handle(self, *args, queue: bool, **options):
        if not queue:
            HUEY.immediate = True  # send here and now, without a consumer
        count = run_pass()
        self.stdout.write(f"{count} reminder(s) {'queued' if queue else 'processed'}.")
