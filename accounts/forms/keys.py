"""What the 認証キー forms of signup and mail address change share: the message for each key that
did not work, and how a moment is written on the key pages."""

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .. import hooks
from ..services import KeyAllowance, KeyCheck, KeyOutcome

KEY_MESSAGES = {
    KeyOutcome.WRONG: _(
        "認証キーが正しくありません。メールの認証キーをコピーして貼り付けてください。"
        "あと%(remaining)d回間違えると、この認証キーは使えなくなります。"
    ),
    KeyOutcome.EXPIRED: _(
        "この認証キーは有効期限（送信から%(lifetime)d分）が過ぎています。"
        "「認証キーを再送信する」を押して、新しい認証キーを受け取ってください。"
    ),
    KeyOutcome.SUPERSEDED: _(
        "この認証キーは、%(sent_at)sに新しい認証キーを送信したため使えません。"
        "%(sent_at)sに届いた最新のメールの認証キーを入力してください。"
    ),
    KeyOutcome.USED: _(
        "この認証キーはすでに使用され、アカウントは登録済みです。"
        "登録したメールアドレスとパスワードでログインしてください。"
    ),
    KeyOutcome.BURNED: _(
        "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
        "「認証キーを再送信する」を押して新しい認証キーを受け取り、"
        "メールからコピーして貼り付けてください。"
    ),
    # Resending cannot buy more tries here: say when they come back, and who can help now.
    KeyOutcome.LOCKED: _(
        "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
        "%(lifts_at)sまでは、新しい認証キーを受け取っても、1回間違えるとその認証キーも"
        "使えなくなります。お困りの場合は、%(office)s（電話 %(phone)s）にお問い合わせください。"
    ),
    KeyOutcome.RATE_LIMITED: _(
        "短い時間に何度も入力されたため、一時的に受け付けを停止しています。"
        "約%(minutes)d分後にもう一度お試しください。"
    ),
}


class KeyErrorMixin:
    """Puts the message for a key that did not work next to the form's key field."""

    key_messages = KEY_MESSAGES
    key_field = "auth_key"
    key_lifetime_setting = "AUTH_KEY_LIFETIME"

    def add_key_error(self, check: KeyCheck) -> None:
        if check.outcome is KeyOutcome.OK:
            return
        # Only a LOCKED address is told whom to call (hooks.contact_office).
        office = hooks.contact_office() if check.outcome is KeyOutcome.LOCKED else None
        params = {
            "lifts_at": check.limit_lifts_at and when(check.limit_lifts_at),
            "office": office and office.display_name,
            "phone": office and office.phone,
            "lifetime": getattr(settings, self.key_lifetime_setting).total_seconds() // 60,
            "max_failures": settings.AUTH_KEY_MAX_FAILURES,
            "remaining": check.remaining_attempts,
            "minutes": check.retry_minutes,
            "sent_at": check.newest_sent_at and when(check.newest_sent_at),
        }
        self.add_error(
            self.key_field,
            forms.ValidationError(
                self.key_messages[check.outcome], code=check.outcome, params=params
            ),
        )


def when(moment) -> str:
    """`moment` as a person reads it on a page: 5月1日 09時30分, in Japan time."""
    return date_format(localtime(moment), pgettext("date format", "n月j日 H時i分"))


def key_allowance_notice(allowance: KeyAllowance) -> str | None:
    """For the key page: fewer than the usual wrong tries are left for the address's new key."""
    if allowance.remaining >= settings.AUTH_KEY_MAX_FAILURES:
        return None
    if allowance.remaining > 0:
        return _(
            "この24時間に認証キーの入力を間違えた回数を数えています。"
            "あと%(remaining)d回間違えると、この認証キーは使えなくなります。"
        ) % {"remaining": allowance.remaining}
    return _(
        "認証キーの入力を%(max_failures)d回間違えたため、%(lifts_at)sまでは、"
        "1回間違えるとこの認証キーは使えなくなります。"
        "メールの認証キーをコピーして、そのまま貼り付けてください。"
    ) % {
        "max_failures": settings.AUTH_KEY_MAX_FAILURES,
        "lifts_at": when(allowance.limit_lifts_at),
    }
