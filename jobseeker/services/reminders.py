"""The 有効期限 reminders (issue #17 item 3), mailed by `manage.py send_expiry_reminders` daily.

The rules, each enforced here and nowhere else:

- the 有効期限 is the last day a registration is valid (その日まで有効, as
  jobseeker.counter.validity_on reads it);
- 「14日前」 is due from 14 days before it through the day itself (7月31日 → 7月17日〜7月31日), so a
  run missed on the 17th is caught up on a later day, and never once the date has passed;
- 「有効期限切れ」 is due from the day after it for LAPSED_CATCH_UP days (8月1日〜8月14日): a run
  missed is caught up, but a site that starts running the command does not mail every
  registration that lapsed long ago;
- each is mailed at most once per application, kind and 有効期限 (ExpiryReminder's unique
  constraint), so a second run the same day, or two runs at once, send nothing more, and a
  renewed registration (a new date) gets reminders of its own;
- only applications with a 求職番号 and an active マイページ account: the mail sends the person to
  the マイページ (an application made at the counter without an account is renewed there).
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import translation

from .. import mail
from ..models import Application, ExpiryReminder

SOON_BEFORE = timedelta(days=14)
LAPSED_CATCH_UP = timedelta(days=14)


def due_kind(valid_until: date, today: date) -> ExpiryReminder.Kind | None:
    """Which reminder is due on `today` for a registration valid until `valid_until`, if any."""
    if valid_until - SOON_BEFORE <= today <= valid_until:
        return ExpiryReminder.Kind.SOON
    if valid_until < today <= valid_until + LAPSED_CATCH_UP:
        return ExpiryReminder.Kind.LAPSED
    return None


def _due(kind: ExpiryReminder.Kind, today: date):
    if kind == ExpiryReminder.Kind.SOON:
        dates = (today, today + SOON_BEFORE)
    else:
        dates = (today - LAPSED_CATCH_UP, today - timedelta(days=1))
    sent = ExpiryReminder.objects.filter(
        application=OuterRef("pk"), kind=kind, valid_until=OuterRef("valid_until")
    )
    return (
        Application.objects.filter(
            number__isnull=False, user__is_active=True, valid_until__range=dates
        )
        .exclude(Exists(sent))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_expiry_reminders(today: date, site_url: str) -> dict[str, int]:
    """Mails every reminder due on `today`; returns how many of each kind were sent.

    Guarantees: at most one mail per application, kind and 有効期限, whatever the number of runs
    and however they overlap; the reminder's record and its queued mail commit together, so
    neither exists without the other.
    """
    sent = {}
    for kind in ExpiryReminder.Kind:
        sent[kind.value] = sum(send_reminder(pk, kind, today, site_url) for pk in _due(kind, today))
    return sent


def send_reminder(
    application_pk: int, kind: ExpiryReminder.Kind, today: date, site_url: str
) -> bool:
    """Mails `kind` for the application if it is still due; False when it was not (renewed
    meanwhile, or another run recorded it first)."""
    with transaction.atomic():
        # The row lock orders this after a renewal in progress: the date read is the one kept.
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("office", "user")
            .get(pk=application_pk)
        )
        if application.user is None or due_kind(application.valid_until, today) != kind:
            return False
        try:
            with transaction.atomic():
                reminder = ExpiryReminder.objects.create(
                    application=application, kind=kind, valid_until=application.valid_until
                )
        except IntegrityError:
            return False
        # No language is recorded for an account: the reminder is in Japanese, as the site is.
        with translation.override("ja"):
            reminder.sent_mail = mail.send_expiry_reminder(application, kind, today, site_url)
        reminder.save(update_fields=["sent_mail"])
    return True
