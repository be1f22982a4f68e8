"""The read-only lines of an application's page in the counter, in plain Japanese (#15 item 8):
its consultations with the staff member's name, the 有効期限 reminders mailed (#17 item 3), and the
state of its account's mails."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from accounts.models import SentMail

from .wording import person_who_did, written_day, written_moment

# The latest consultations and mails shown on an application's page.
CONSULTATIONS_SHOWN = 10
MAILS_SHOWN = 5


def consultations(application) -> str:
    """「2027年7月10日 窓口 一郎（有効期限を2027年8月31日まで延長）：メモ」, newest first."""
    recorded = application.consultations.select_related("staff")[:CONSULTATIONS_SHOWN]
    if not recorded:
        return gettext("記録なし（有効期限の月に職業相談を記録すると、1か月延長されます）")
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((_consultation(c),) for c in recorded)),
    )


def _consultation(consultation) -> str:
    values = {"day": written_day(consultation.held_on), "staff": person_who_did(consultation.staff)}
    if consultation.extended_until:
        values["until"] = written_day(consultation.extended_until)
        line = gettext("%(day)s %(staff)s（有効期限を%(until)sまで延長）") % values
    else:
        line = gettext("%(day)s %(staff)s") % values
    if consultation.note:
        line = gettext("%(line)s：%(note)s") % {"line": line, "note": consultation.note}
    return line


def expiry_reminders(application) -> str:
    """「2027年7月17日 06:00 有効期限（2027年7月31日）の14日前のお知らせを送信：配信済み」, newest
    first: apart from the account's mails, where login codes soon push them out of sight."""
    sent = application.expiry_reminders.select_related("sent_mail")[:MAILS_SHOWN]
    if not sent:
        return gettext("送信なし（有効期限の14日前と、期限が切れた翌日にメールでお知らせします）")
    return format_html_join("", "<div>{}</div>", ((_reminder(r),) for r in sent))


def _reminder(reminder) -> str:
    values = {
        "sent": written_moment(reminder.created_at),
        "date": written_day(reminder.valid_until),
        "kind": reminder.get_kind_display(),
    }
    line = gettext("%(sent)s 有効期限（%(date)s）の%(kind)sを送信") % values
    if reminder.sent_mail:
        line = gettext("%(line)s：%(state)s") % {
            "line": line,
            "state": reminder.sent_mail.get_status_display(),
        }
    return line


def mail_delivery(application) -> str:
    """The mails sent for the application's account, at whatever address: never found by the
    contact address typed in step 1, which anyone can set to another person's. Each reads
    「2026年12月6日 15:24 「求職登録完了のお知らせ」を taro@example.jp へ送信：配信済み」."""
    mails = (
        SentMail.objects.filter(user_id=application.user_id)[:MAILS_SHOWN]
        if application.user_id
        else []
    )
    if not mails:
        return gettext("記録なし")
    return format_html_join("", "<div>{}</div>", ((mail_line(m),) for m in mails))


def mail_line(mail) -> str:
    # The state is the provider's latest webhook event when there is one (accounts.tracking).
    line = gettext("%(sent)s 「%(kind)s」を %(to)s へ送信：%(state)s") % {
        "sent": written_moment(mail.sent_at),
        "kind": mail.get_tag_display(),
        "to": mail.to,
        "state": mail.get_status_display(),
    }
    if mail.status_at:
        when = written_moment(mail.status_at)
        detail = f"{when} {mail.status_detail}".rstrip()
        line = gettext("%(line)s（%(detail)s）") % {"line": line, "detail": detail}
    return line
