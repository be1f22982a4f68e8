"""The name a person gives a passkey (「iPhone」), when registering it and when renaming it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import NoMaxLengthAttrMixin, PasswordField, reject_lone_surrogates
from ..models import Passkey
from .password import CurrentPasswordMixin

NAME_MAX_LENGTH = Passkey._meta.get_field("name").max_length


class PasskeyNameField(NoMaxLengthAttrMixin, forms.CharField):
    default_validators = [reject_lone_surrogates]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("パスキーの名前を入力してください（例：iPhone）。"),
                "max_length": _(
                    "パスキーの名前は%(limit_value)d文字以内で入力してください"
                    "（現在%(show_value)d文字）。"
                ),
            },
        )
        super().__init__(**kwargs)
        # form.js counts the characters as they are typed.
        self.widget.attrs.update({"data-counter": NAME_MAX_LENGTH, "autocomplete": "off"})


class PasskeyNameForm(forms.Form):
    name = PasskeyNameField(
        label=_("パスキーの名前"),
        help_text=_(
            "どの端末のパスキーか分かる名前にしてください（例：iPhone、仕事用のパソコン）。"
        ),
    )


class PasskeyRegistrationForm(CurrentPasswordMixin, PasskeyNameForm):
    """A new passkey logs in with neither password nor code: the person registering it shows
    the password first, so that a session left open on a shared PC cannot plant one."""

    password = PasswordField(
        label=_("現在のパスワード"), autocomplete="current-password", render_value=False
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        return self.verify_current_password(self.cleaned_data["password"])
