"""The confirmation of a mail address change started at the counter: the new address (filled in
from the mail's link) and the 認証キー mailed there."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import AuthKeyField, MailAddressField
from ..services import KeyOutcome
from .keys import KEY_MESSAGES, KeyErrorMixin


class CounterAddressConfirmForm(KeyErrorMixin, forms.Form):
    # The page sends no key: a new one is sent by the counter (docs/operations.md).
    key_messages = {
        **KEY_MESSAGES,
        KeyOutcome.EXPIRED: _(
            "この認証キーは有効期限（送信から%(lifetime)d分）が過ぎています。"
            "新しい認証キーは、ハローワークの窓口で送信します。窓口にお申し出ください。"
        ),
        KeyOutcome.SUPERSEDED: _(
            "この認証キーは、その後に窓口で新しい認証キーを送信したため使えません。"
            "最新のメールの認証キーを入力してください。"
        ),
        KeyOutcome.USED: _(
            "この認証キーはすでに使用され、メールアドレスは変更済みです。"
            "新しいメールアドレスでログインしてください。"
        ),
        KeyOutcome.BURNED: _(
            "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
            "新しい認証キーは、ハローワークの窓口で送信します。窓口にお申し出ください。"
        ),
        KeyOutcome.LOCKED: _(
            "認証キーの入力を%(max_failures)d回間違えたため、この認証キーは使えなくなりました。"
            "新しい認証キーは、%(office)s（電話 %(phone)s）の窓口で送信します。"
            "%(lifts_at)sまでは、新しい認証キーも1回間違えると使えなくなります。"
            "メールの認証キーをコピーして、そのまま貼り付けてください。"
        ),
    }

    email = MailAddressField(
        label=_("新しいメールアドレス"),
        help_text=_(
            "窓口で届け出た新しいメールアドレスです。メールのリンクから開くと入力されています。"
        ),
    )
    auth_key = AuthKeyField(
        label=_("認証キー"),
        help_text=_(
            "新しいメールアドレスに届いた10文字の認証キーを貼り付けてください。"
            "前後のスペースや【】などの記号は自動で取り除きます。"
        ),
    )

    def add_taken_error(self) -> None:
        self.add_error(
            "email",
            _(
                "このメールアドレスは、別のアカウントで使われているため、変更できませんでした。"
                "ハローワークの窓口にお申し出ください。"
            ),
        )
