"""The name a person gives a passkey (「iPhone」), when registering it and when renaming it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import NoMaxLengthAttrMixin, reject_lone_surrogates
from ..models import Passkey

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
