"""What the 認証キー pages of signup and mail address change share: asking for a key from a page,
and what the page says of the mail that carries it."""

from django.contrib import messages
from django.utils.translation import gettext as _

from .. import services, throttle, tracking
from ..forms.keys import when
from ..models import UNDELIVERED_STATUSES, SentMail

# The address each key page waits for a key at, in the session.
SIGNUP_ADDRESS = "signup_address"
CHANGE_ADDRESS = "change_address"
UNSENT_STATUSES = (SentMail.Status.PENDING, SentMail.Status.FAILED, SentMail.Status.CANCELLED)


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def send_key(request, form, email: str, session_key: str = SIGNUP_ADDRESS) -> bool:
    """Asks for a key for `email`; on refusal puts the reason on `form` (or in messages).

    A signup key, or with session_key=CHANGE_ADDRESS one to move the logged-in account there.
    The mail is queued: whether it has gone is for the key page to tell (key_mail_notice).
    """
    client = throttle.client_address(request)
    if session_key == CHANGE_ADDRESS:
        result = services.request_address_change(
            user=request.user, email=email, client=client, site_url=site_url(request)
        )
    else:
        result = services.request_auth_key(email=email, client=client, site_url=site_url(request))
    if result.sent:
        request.session[session_key] = email
        return True
    error = _(
        "認証キーの送信が短時間に続いたため、一時的に送信を停止しています。"
        "約%(minutes)d分後にもう一度お試しください。"
    ) % {"minutes": result.retry_minutes}
    if form is None:
        messages.error(request, error)
    else:
        form.add_error(None, error)
    return False


def key_mail_notice(address: str | None, tags: tuple[str, ...]) -> dict | None:
    """What the key page says of the mail it waits for, unless it has simply gone."""
    key_mail = address and tracking.latest_key_mail(address, tags)
    if not key_mail:
        return None
    if key_mail.status == SentMail.Status.PENDING:
        if key_mail.next_attempt_at is None:
            return {"template": "accounts/key_mail/pending.html"}
        return {
            "template": "accounts/key_mail/retrying.html",
            "next_attempt": when(key_mail.next_attempt_at),
        }
    if key_mail.status == SentMail.Status.FAILED:
        return {"template": "accounts/key_mail/failed.html"}
    if key_mail.status in UNDELIVERED_STATUSES:
        return {"template": "accounts/key_mail/undelivered.html"}
    return None


def key_mail_has_gone(address: str, tags: tuple[str, ...]) -> bool:
    """Whether the key mail just asked for has been handed to the provider; until then the key
    page's notice says where it is (key_mail_notice), and 「送信しました」 would not be true."""
    key_mail = tracking.latest_key_mail(address, tags)
    return key_mail is not None and key_mail.status not in UNSENT_STATUSES
