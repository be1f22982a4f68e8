"""The pieces every step form is made of: option fields, converting number fields, StepForm."""

import unicodedata
from datetime import date

from django import forms
from django.forms.utils import ErrorDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fields import NoMaxLengthAttrMixin

from .. import choices
from ..fields import to_half_width_number

UNSELECTED = [("", _("未選択"))]
TIMES = [(f"{h:02d}:{m:02d}", f"{h}:{m:02d}") for h in range(24) for m in (0, 30)]
PREFECTURE_CHOICES = UNSELECTED + [(p, p) for p in choices.PREFECTURES]


def radio(choice_class, label, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choice_class.choices,
        widget=forms.RadioSelect,
        error_messages={"required": format_lazy(_("{label}を選んでください。"), label=label)},
        **kwargs,
    )


def select(options, label, *, required=True, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=UNSELECTED + list(options),
        required=required,
        error_messages={"required": format_lazy(_("{label}を選んでください。"), label=label)},
        **kwargs,
    )


class TextField(NoMaxLengthAttrMixin, forms.CharField):
    pass


def text(label, *, required=True, **kwargs) -> forms.CharField:
    return TextField(
        label=label,
        required=required,
        error_messages={
            "required": format_lazy(_("{label}を入力してください。"), label=label),
            "max_length": _(
                "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
        **kwargs,
    )


class HalfWidthIntegerField(forms.IntegerField):
    """A number typed in any width, with or without 円 and thousands separators.

    A text box, not type=number: a number box silently drops 「,」「円」 or 全角 digits.
    """

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for key in ("min", "max", "step"):
            attrs.pop(key, None)
        return {**attrs, "inputmode": "numeric"}

    def to_python(self, value):
        if isinstance(value, str):
            value = to_half_width_number(unicodedata.normalize("NFKC", value))
            value = value.replace(",", "").replace("円", "").replace("年", "")
        return super().to_python(value)


class StepForm(forms.Form):
    """A wizard step. Steps 3 and 4 list `soft_fields`: empty ones are named once, then passed.

    The real service shows 「未入力」 on steps 3–4 and makes people press 次へ進む twice without
    saying why. Here the notice names the empty items, and the next press always continues
    (the page posts back which items it named; if they change, the notice comes back).
    """

    title = ""
    soft_fields: tuple[str, ...] = ()
    # A quiet form shows the values it is bound to but no errors (a step not yet checked).
    quiet = False

    def __init__(self, *args, birth_date: date | None = None, **kwargs):
        self.birth_date = birth_date
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's 「このフィールドは必須です。」 does not say which field, nor what to do.
            if field.error_messages["required"] is forms.Field.default_error_messages["required"]:
                template = (
                    _("{label}を選んでください。")
                    if isinstance(field, forms.ChoiceField)
                    else _("{label}を入力してください。")
                )
                field.error_messages["required"] = format_lazy(template, label=field.label)

    def full_clean(self):
        if self.quiet:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    @property
    def empty_soft_fields(self) -> list[str]:
        if self.quiet or not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return [name for name in self.soft_fields if self.cleaned_data.get(name) in (None, "", [])]

    @property
    def empty_signature(self) -> str:
        return ",".join(self.empty_soft_fields)

    @property
    def empty_ack(self) -> str:
        """The value of the hidden field that tells the next press which notice was passed."""
        if self.unconfirmed_empty_labels:
            return self.empty_signature
        return self.data.get(self.add_prefix("empty_ack"), "") if self.is_bound else ""

    @property
    def unconfirmed_empty_labels(self) -> list[str]:
        """The empty items to name in the notice, unless the user already passed this notice."""
        if not self.empty_soft_fields or self.errors:
            return []
        if self.data.get(self.add_prefix("empty_ack")) == self.empty_signature:
            return []
        return [str(self.fields[name].label) for name in self.empty_soft_fields]

    def is_valid(self) -> bool:
        return super().is_valid() and not self.unconfirmed_empty_labels
