"""Mail off the request: Django tasks that hand queued mails to the provider, with retries.

Where tasks run immediately (development, the tests) each runs inside the request that queued
it; in production a database queue (django-tasks-db) holds them for `manage.py db_worker`.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from anymail.exceptions import AnymailAPIError, AnymailError
from anymail.message import AnymailMessage
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation

from . import sealing
from .batches import BatchedPurge
from .models import DeliveryAttempt, SentMail

logger = logging.getLogger(__name__)

SENDING_ERRORS = (AnymailError, OSError, smtplib.SMTPException)
# A mail still pending this long after its last try was due has lost its task.
STALE_AFTER_LAST_TRY = timedelta(hours=1)


def _may_pass(error: Exception) -> bool:
    """Whether another try may succeed: the provider or the network failed, not the mail."""
    if isinstance(error, AnymailAPIError):
        status = error.status_code
        return status is None or status == 429 or status >= 500
    if isinstance(error, AnymailError | smtplib.SMTPRecipientsRefused):
        return False  # refused recipients, an invalid address, a message the provider can't take
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return True  # the connection: OSError, a server that hung up


def _next_attempt_at(sent_mail: SentMail, tries_so_far: int, now: datetime) -> datetime | None:
    """When to try again after `tries_so_far` failed tries, or None to give up.

    A retry needs a queue that can hold a task until later; where tasks run immediately there
    is none, and the mail is given up at once.
    """
    delays = settings.MAIL_RETRY_DELAYS
    if tries_so_far > len(delays) or not deliver_mail.get_backend().supports_defer:
        return None
    retry_at = now + delays[tries_so_far - 1]
    if sent_mail.send_before and retry_at >= sent_mail.send_before:
        return None
    return retry_at


def _message(sent_mail: SentMail) -> AnymailMessage:
    sealed = sealing.unseal(sent_mail.sealed_message)
    return AnymailMessage(
        subject=sealed["subject"],
        body=sealed["body"],
        # Mails sealed before the sender was sealed with them: the configured sender.
        from_email=sealed.get("from", settings.DEFAULT_FROM_EMAIL),
        to=[sent_mail.to],
        tags=[sent_mail.tag],
    )


def _finish(sent_mail: SentMail, status: str, **fields) -> None:
    """The mail has gone or is given up: its sealed message goes, and so does a record that
    must not outlive the sending."""
    if not sent_mail.keep_record:
        sent_mail.delete()
        return
    sent_mail.status = status
    sent_mail.sealed_message = ""
    sent_mail.next_attempt_at = None
    for name, value in fields.items():
        setattr(sent_mail, name, value)
    sent_mail.save()


def _record_answer(sent_mail: SentMail, message: AnymailMessage, now: datetime) -> None:
    """What the provider said at sending: its message id, which the tracking webhook's events
    carry (accounts.tracking), and its status. A backend outside anymail says nothing: SENT."""
    status = getattr(message, "anymail_status", None)
    recipient = status.recipients.get(sent_mail.to) if status is not None else None
    known = {choice.value for choice in SentMail.Status} - {SentMail.Status.PENDING}
    DeliveryAttempt.objects.create(
        sent_mail=sent_mail, attempted_at=now, outcome=DeliveryAttempt.Outcome.SENT
    )
    _finish(
        sent_mail,
        recipient.status
        if recipient is not None and recipient.status in known
        else SentMail.Status.SENT,
        esp_message_id=""
        if recipient is None or recipient.message_id is None
        else str(recipient.message_id),
    )


@task()
def deliver_mail(sent_mail_id: int) -> str:
    """One try at sending a queued mail; after an error that may pass, queues the next try
    after settings.MAIL_RETRY_DELAYS, and gives up after the last or at the mail's send_before.

    Guarantees: two tasks for one mail never both send it (the row is locked and must still be
    pending); a mail is sent again only after an error that may have come after the provider
    took it (a timeout), never after the provider said it took it. Every try is recorded
    (DeliveryAttempt). Once the mail has gone or is given up, for whatever reason, even an
    error of this code, its sealed message is erased. A mail whose account was deleted
    meanwhile is simply gone.
    """
    try:
        return _try_to_send(sent_mail_id)
    except Exception:
        # Not the provider: a seal this process cannot open, a broken template, a bug. Nothing
        # will go better on a retry; the mail is given up, and the error raised for the log.
        with transaction.atomic():
            sent_mail = SentMail.objects.select_for_update().filter(pk=sent_mail_id).first()
            if sent_mail is not None and sent_mail.status == SentMail.Status.PENDING:
                _give_up(sent_mail, timezone.now(), "not sent: an error of the site")
        raise


def _try_to_send(sent_mail_id: int) -> str:
    with transaction.atomic():
        pending = SentMail.objects.select_for_update().filter(
            pk=sent_mail_id, status=SentMail.Status.PENDING
        )
        sent_mail = pending.first()
        if sent_mail is None:
            return "nothing to send"
        now = timezone.now()
        if sent_mail.send_before and now >= sent_mail.send_before:
            _give_up(sent_mail, now, "not sent before it expired")
            return "expired"
        message = _message(sent_mail)
        try:
            message.send()
        except SENDING_ERRORS as error:
            return _after_failure(sent_mail, error, now)
        _record_answer(sent_mail, message, now)
    return "sent"


def _give_up(sent_mail: SentMail, now: datetime, detail: str) -> None:
    DeliveryAttempt.objects.create(
        sent_mail=sent_mail, attempted_at=now, outcome=DeliveryAttempt.Outcome.FAILED, detail=detail
    )
    _finish(sent_mail, SentMail.Status.FAILED, status_detail=detail)


def _after_failure(sent_mail: SentMail, error: Exception, now: datetime) -> str:
    logger.warning("Mail %s (%s) not sent: %s", sent_mail.pk, sent_mail.tag, error)
    detail = f"{type(error).__name__}: {error}"[:300]
    tries = sent_mail.delivery_attempts.count() + 1
    retry_at = _next_attempt_at(sent_mail, tries, now) if _may_pass(error) else None
    if retry_at is None:
        _give_up(sent_mail, now, detail)
        return "failed"
    DeliveryAttempt.objects.create(
        sent_mail=sent_mail, attempted_at=now, outcome=DeliveryAttempt.Outcome.RETRY, detail=detail
    )
    sent_mail.next_attempt_at = retry_at
    sent_mail.save(update_fields=["next_attempt_at"])
    deliver_mail.using(run_after=retry_at).enqueue(sent_mail.pk)
    return "retry"


def give_up_stale_mails(purge: BatchedPurge) -> None:
    """Gives up the mails still pending long after their last try was due, counted as
    "stale_mails_given_up": those whose task was lost (a worker killed in the middle of it, a
    queue emptied by hand). Their sealed message is erased; a record that must not outlive its
    sending goes (not counted). In batches, for lifecycle.purge_expired."""
    last_try = sum(settings.MAIL_RETRY_DELAYS, timedelta()) + STALE_AFTER_LAST_TRY
    stale = SentMail.objects.filter(status=SentMail.Status.PENDING).filter(
        Q(send_before__lt=purge.now - STALE_AFTER_LAST_TRY)
        | Q(send_before=None, sent_at__lt=purge.now - last_try)
    )
    purge.delete(None, stale.filter(keep_record=False))
    purge.update(
        "stale_mails_given_up",
        stale,
        status=SentMail.Status.FAILED,
        sealed_message="",
        next_attempt_at=None,
        status_detail="never sent: its task was lost",
    )


@task()
def send_password_reset(sealed_request: str) -> None:
    """Mails a reset link to each active account of the address in `sealed_request`, if any.

    Looked up here, off the request, so that the page answers every address in the same time;
    the address is sealed (accounts.sealing) while it waits in the queue.
    """
    # forms import the mails, which import this module
    from .forms.password import PasswordResetForm

    request = sealing.unseal(sealed_request)
    with translation.override(request["language"]):
        form = PasswordResetForm({"email": request["email"]})
        if form.is_valid():
            form.save(
                domain_override=request["domain"],
                use_https=request["use_https"],
                subject_template_name="accounts/mail/password_reset_subject.txt",
                email_template_name="accounts/mail/password_reset.txt",
            )
