"""What the mail provider's tracking webhook tells about the mails the site sent.

django-anymail turns every provider's webhook into its `tracking` signal (the URLs are mounted
by accounts.webhooks); `store_tracking_event` records the events that say whether a mail reached
the person and keeps SentMail.status at the latest of them.
"""

import hashlib
import json
import logging

from anymail.signals import AnymailTrackingEvent, EventType, tracking
from django.db import InterfaceError, OperationalError, transaction
from django.dispatch import receiver
from django.utils import timezone

from .models import MailEvent, SentMail

logger = logging.getLogger(__name__)

# The events kept; opens, clicks, deferrals and the like say nothing about whether the mail
# arrived in the end (a deferral is followed by a delivery or a bounce).
STATUS_OF_EVENT = {
    EventType.DELIVERED: SentMail.Status.DELIVERED,
    EventType.BOUNCED: SentMail.Status.BOUNCED,
    EventType.REJECTED: SentMail.Status.REJECTED,
    EventType.FAILED: SentMail.Status.FAILED,
    EventType.COMPLAINED: SentMail.Status.COMPLAINED,
}
# Of two events with the same timestamp the later in this list wins: a bounce reported at the
# very second of a delivery is the news.
_PRECEDENCE = [
    SentMail.Status.DELIVERED,
    SentMail.Status.COMPLAINED,
    SentMail.Status.FAILED,
    SentMail.Status.REJECTED,
    SentMail.Status.BOUNCED,
]
_DETAIL_LENGTH = MailEvent._meta.get_field("detail").max_length


def _event_id(event: AnymailTrackingEvent) -> str:
    """The provider's event id, or one derived from what identifies the event (Postmark's
    deliveries have none), so that the same event sent again gets the same id."""
    if event.event_id:
        return str(event.event_id)[:200]
    if event.timestamp is not None:
        identity = f"{event.message_id}|{event.event_type}|{event.timestamp.isoformat()}"
    else:
        identity = json.dumps(event.esp_event, sort_keys=True, default=str)
    return "derived:" + hashlib.sha256(identity.encode()).hexdigest()


def _detail(event: AnymailTrackingEvent) -> str:
    parts = [str(part) for part in (event.description, event.mta_response) if part]
    return " / ".join(parts)[:_DETAIL_LENGTH]


def store_tracking_event(event: AnymailTrackingEvent, esp_name: str) -> MailEvent | None:
    """Records one tracking event against the SentMail of its message id; returns the row.

    Guarantees: only the events of STATUS_OF_EVENT are kept, and only for a mail this site sent
    (matched by the provider's message id); an event for an unknown message id is ignored and
    logged: it concerns no one whose mail we keep, so it is not kept either. One row per
    provider and event id, however often or concurrently the provider sends it (the mail's row
    is locked first). The mail's status becomes that of its latest event by the event's own
    timestamp, not by arrival order: a "delivered" that arrives after a later "bounced" does not
    overwrite it.
    """
    status = STATUS_OF_EVENT.get(event.event_type)
    if status is None or not event.message_id:
        return None
    with transaction.atomic():
        sent_mail = (
            SentMail.objects.select_for_update()
            .filter(esp_message_id=str(event.message_id))
            .order_by("-sent_at")
            .first()
        )
        if sent_mail is None:
            logger.info("%s %s event for a message this site did not send", esp_name, status)
            return None
        mail_event, created = MailEvent.objects.get_or_create(
            esp_name=esp_name,
            event_id=_event_id(event),
            defaults={
                "sent_mail": sent_mail,
                "status": status,
                "occurred_at": event.timestamp or timezone.now(),
                "detail": _detail(event),
            },
        )
        if created:
            _update_status(sent_mail)
    return mail_event


def _update_status(sent_mail: SentMail) -> None:
    latest = max(
        sent_mail.events.all(),
        key=lambda e: (e.occurred_at, _PRECEDENCE.index(SentMail.Status(e.status))),
    )
    sent_mail.status = latest.status
    sent_mail.status_at = latest.occurred_at
    sent_mail.status_detail = latest.detail
    sent_mail.save(update_fields=["status", "status_at", "status_detail"])


@receiver(tracking, dispatch_uid="accounts.tracking")
def receive_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """anymail's signal, sent from inside its webhook view once the request is authenticated.

    An event this code cannot make sense of is logged and answered 200 like any other: a 500
    would only make the provider send it again and again. A database that does not answer is
    left to raise, so that the provider retries later and the event is not lost.
    """
    try:
        store_tracking_event(event, esp_name)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        logger.exception("%s tracking event not stored", esp_name)


def latest_key_mail(address: str, tags: tuple[str, ...]) -> SentMail | None:
    """The latest of the mails `tags` queued for `address`, whose state the key page tells.

    `tags` name the key mail and the mail sent instead of it to an address that has an account,
    so both look the same to whoever waits for the key.
    """
    return SentMail.objects.filter(to=address, tag__in=tags).order_by("-sent_at", "-pk").first()
