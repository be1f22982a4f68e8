"""Deletes what has expired (drafts, 認証キー and their mails, rate-limit events, sessions,
finished mail tasks): run it daily from cron.

It prints one line per kind accounts.lifecycle.purge_expired returns; what each kind keeps and
why is in that function's docstring.
"""

from django.core.management.base import BaseCommand

from accounts.lifecycle import purge_expired


class Command(BaseCommand):
    help = "Deletes what has expired: drafts, 認証キー, rate-limit events, sessions… (repeatable)."

    def handle(self, *args, **options):
        for kind, count in purge_expired().items():
            self.stdout.write(f"{count:6d}  {kind.replace('_', ' ')}")
