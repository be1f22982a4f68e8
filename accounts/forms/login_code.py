"""The login's second page: the ワンタイムパスワード mailed after a right password."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import LoginCodeField
from ..keys import KeyOutcome
from ..login_codes import LOGIN_CODE
from .keys import KeyErrorMixin

CODE_MESSAGES = {
    KeyOutcome.WRONG: _(
        "ワンタイムパスワードが正しくありません。メールに記載された6桁の数字を入力してください。"
        "あと%(remaining)d回間違えると、このワンタイムパスワードは使えなくなります。"
    ),
    KeyOutcome.EXPIRED: _(
        "このワンタイムパスワードは有効期限（発行から%(lifetime)d分）が過ぎています。"
        "「ワンタイムパスワードを再送信する」を押して、新しいものを受け取ってください。"
    ),
    KeyOutcome.SUPERSEDED: _(
        "このワンタイムパスワードは、%(sent_at)sに再送信したため使えません。"
        "%(sent_at)sに届いた最新のメールの数字を入力してください。"
    ),
    KeyOutcome.USED: _(
        "このワンタイムパスワードはすでに使用されています。"
        "「ワンタイムパスワードを再送信する」を押して、新しいものを受け取ってください。"
    ),
    KeyOutcome.BURNED: _(
        "ワンタイムパスワードの入力を%(max_failures)d回間違えたため、"
        "このワンタイムパスワードは使えなくなりました。"
        "「ワンタイムパスワードを再送信する」を押して、新しいものを受け取ってください。"
    ),
    KeyOutcome.LOCKED: _(
        "ワンタイムパスワードの入力を%(max_failures)d回間違えたため、"
        "このワンタイムパスワードは使えなくなりました。%(lifts_at)sまでは、"
        "新しいワンタイムパスワードも1回間違えると使えなくなります。"
        "お困りの場合は、%(office)s（電話 %(phone)s）にお問い合わせください。"
    ),
    KeyOutcome.RATE_LIMITED: _(
        "パスワードまたはワンタイムパスワードの誤りが続いたため、一時的にログインできません。"
        "約%(minutes)d分後にもう一度お試しください。"
    ),
}


class LoginCodeForm(KeyErrorMixin, forms.Form):
    key_messages = CODE_MESSAGES
    key_field = "login_code"
    key_lifetime_setting = LOGIN_CODE.lifetime_setting

    login_code = LoginCodeField(
        label=_("ワンタイムパスワード（6桁の数字）"), length=LOGIN_CODE.length
    )
    trust_browser = forms.BooleanField(
        label=_("このブラウザを信頼する（30日間）"),
        required=False,
        help_text=_(
            "自分専用のスマートフォンやパソコンの場合にチェックしてください。"
            "30日間、このブラウザではワンタイムパスワードの入力が不要になります。"
            "共用のパソコンではチェックしないでください。"
        ),
    )
