"""Mails the 有効期限 reminders due today (jobseeker.services.reminders): run it daily from cron.

Running it again the same day, or two at once, sends nothing more; a day missed is caught up.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobseeker import services


class Command(BaseCommand):
    help = (
        "Mails the 有効期限 reminders due today: 14 days before and after it lapses (repeatable)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site-url",
            help="the public address the mails link to (default: PUBLIC_BASE_URL)",
        )

    def handle(self, *args, **options) -> None:
        site_url = (options["site_url"] or settings.PUBLIC_BASE_URL).rstrip("/")
        if not site_url.startswith(("https://", "http://")):
            raise CommandError(
                "The mails link to the マイページ: set PUBLIC_BASE_URL or give --site-url."
            )
        sent = services.send_expiry_reminders(timezone.localdate(), site_url)
        for kind, count in sent.items():
            self.stdout.write(f"{count:6d}  {kind} reminders sent")
