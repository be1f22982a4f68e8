"""The pieces every step form is made of: option fields, converting number fields, StepForm."""

import copy
import re
import unicodedata
from datetime import date
from decimal import Decimal

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.utils import ErrorDict
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fields import NoMaxLengthAttrMixin, reject_lone_surrogates
from hellowork.forms import SiteBoundField

from .. import choices
from ..fields import to_half_width_number

UNSELECTED = [("", _("未選択"))]
PREFECTURE_CHOICES = UNSELECTED + choices.PREFECTURE_CHOICES


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


class Textarea(forms.Textarea):
    """Django's Textarea whose answer of spaces only is shown again as typed.

    The field template is {% spaceless %}, which would empty a box holding only whitespace;
    written as character references, the spaces are not whitespace to it (the browser reads
    them as spaces).
    """

    def format_value(self, value):
        value = super().format_value(value)
        if value and not value.strip():
            return mark_safe("".join(f"&#{ord(char)};" for char in value))  # noqa: S308
        return value


def textarea(rows: int) -> forms.Textarea:
    """A box `rows` lines high, so a phone shows all of a long answer while it is typed.

    Without Django's cols="40": site.css makes every box full width (the page budget).
    """
    widget = Textarea(attrs={"rows": rows})
    del widget.attrs["cols"]
    return widget


class TextField(NoMaxLengthAttrMixin, forms.CharField):
    default_validators = [reject_lone_surrogates]


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
            value = self.normalized(value)
        return super().to_python(value)

    def normalized(self, text: str) -> str:
        text = to_half_width_number(unicodedata.normalize("NFKC", text))
        return text.replace(",", "").replace("円", "").replace("年", "")


class WageField(HalfWidthIntegerField):
    """An amount of yen, also as people write it: 「20万」, 「20万円」, 「1.5万」, 「20万5000」."""

    _MAN = re.compile(r"([0-9]+(?:\.[0-9]+)?)万([0-9]*)")

    def normalized(self, text: str) -> str:
        text = super().normalized(text)
        if match := self._MAN.fullmatch(text):
            amount = Decimal(match[1]) * 10_000 + int(match[2] or 0)
            if amount == amount.to_integral_value():
                return str(int(amount))
        return text


class SharedChoiceFields(dict):
    """A form class's fields, copied for each form without copying their choice lists.

    Django deep-copies every field for every form, and with it every list of choices and its
    translatable labels: the largest part of a step's CPU time (issue #6's benchmark). The
    lists are never changed in place (a form that needs other choices assigns new ones), so
    each form's fields may share them.
    """

    def __deepcopy__(self, memo):
        for field in self.values():
            if (shared := getattr(field, "_choices", None)) is not None:
                memo[id(shared)] = shared
        return {name: copy.deepcopy(field, memo) for name, field in self.items()}


def name_what_is_required(fields) -> None:
    """Gives each field still on Django's 「このフィールドは必須です。」, which does not say which
    field nor what to do, 「{label}を入力してください。」 (選んでください for a choice); used by
    the steps and the counter's form alike."""
    for field in fields:
        if field.error_messages["required"] is forms.Field.default_error_messages["required"]:
            template = (
                _("{label}を選んでください。")
                if isinstance(field, forms.ChoiceField)
                else _("{label}を入力してください。")
            )
            field.error_messages["required"] = format_lazy(template, label=field.label)


class StepFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = SharedChoiceFields(new_class.base_fields)
        return new_class


class StepBoundField(SiteBoundField):
    """A step's field with its bare name as id ("city", not "id_basic-city").

    A step page holds one form, so the name is unique on it; the id is repeated by the label,
    the error summary and each aria-describedby, a hundred times a page (the page budget).
    """

    @property
    def auto_id(self):
        return self.name if self.form.auto_id else ""


class StepForm(forms.Form, metaclass=StepFormMetaclass):
    """A wizard step. Steps 3 and 4 list `soft_fields`: empty ones are named once, then passed.

    The real service shows 「未入力」 on steps 3–4 and makes people press 次へ進む twice without
    saying why. Here the notice names the empty items, and the next press always continues
    (the page posts back which items it named; only an item empty now that it did not name
    brings the notice back: filling some in never costs another press).
    """

    bound_field_class = StepBoundField
    title = ""
    # ※任意 next to each optional item (a form whose groups say it once turns it off).
    marks_optional = True
    soft_fields: tuple[str, ...] = ()
    # How the 未入力 notice names a soft field, where its label alone would not say it.
    soft_labels: dict = {}
    # A quiet form shows the values it is bound to but no errors (a step not yet checked).
    quiet = False

    def __init__(self, *args, birth_date: date | None = None, **kwargs):
        self.birth_date = birth_date
        super().__init__(*args, **kwargs)
        name_what_is_required(self.fields.values())

    def full_clean(self):
        if self.quiet:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    @classmethod
    def empty_soft_fields_in(cls, values: dict) -> list[str]:
        """The soft fields the notice names for these values (cleaned, or an application's)."""
        return [name for name in cls.soft_fields if values.get(name) in (None, "", [])]

    @property
    def empty_soft_fields(self) -> list[str]:
        if self.quiet or not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return self.empty_soft_fields_in(self.cleaned_data)

    @property
    def empty_signature(self) -> str:
        return ",".join(self.empty_soft_fields)

    @property
    def acknowledged_empty_fields(self) -> set[str]:
        """The items the user already let pass empty (posted back by the hidden field)."""
        if not self.is_bound:
            return set()
        return set(self.data.get(self.add_prefix("empty_ack"), "").split(",")) - {""}

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
        if set(self.empty_soft_fields) <= self.acknowledged_empty_fields:
            return []
        return [
            str(self.soft_labels.get(name) or self.fields[name].label)
            for name in self.empty_soft_fields
        ]

    def is_valid(self) -> bool:
        return super().is_valid() and not self.unconfirmed_empty_labels
