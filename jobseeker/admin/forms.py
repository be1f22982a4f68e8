"""The form of an application's page in the counter: the wizard's conversions and rules, and
the version of the answers the page was opened on (services.change_at_counter checks it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import services
from ..choices import ContactMethod, Weekday
from ..fields import (
    AddressCharField,
    BirthDateField,
    FullWidthCharField,
    KatakanaField,
    PhoneNumberField,
    PostalCodeField,
)
from ..forms import DisclosureForm, LocationWageForm, PreferencesForm
from ..forms.base import name_what_is_required
from ..models import Application


class InlineRowForm(forms.ModelForm):
    """A row of the 資格・免許 and 経歴 inlines, whose empty required items say which."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_what_is_required(self.fields.values())


class ApplicationAdminForm(forms.ModelForm):
    """The same conversions and cross-field rules as the wizard's steps."""

    birth_date = BirthDateField(label=_("生年月日"))
    family_name_kana = KatakanaField(label=_("セイ"), max_length=30)
    given_name_kana = KatakanaField(label=_("メイ"), max_length=30)
    postal_code = PostalCodeField(label=_("郵便番号"))
    city = AddressCharField(label=_("市区町村"), max_length=50)
    street = AddressCharField(label=_("番地"), max_length=100)
    building = AddressCharField(label=_("建物名・部屋番号"), max_length=100, required=False)
    phone_fixed = PhoneNumberField(kind="fixed", label=_("固定電話"), required=False)
    phone_mobile = PhoneNumberField(kind="mobile", label=_("携帯電話"), required=False)
    desired_job_detail = FullWidthCharField(
        label=_("希望する仕事の内容"), max_length=100, required=False
    )
    desired_city = FullWidthCharField(
        label=_("希望勤務地（市区町村）"), max_length=50, required=False
    )
    contact_methods = forms.MultipleChoiceField(
        label=_("連絡手段"),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # The applicant's own fields (#15 item 4): 「18万」 and 「17時15分」 are read as in the
    # steps, and the times are a plain time box, not the admin's 「現在 | 🕒」 shortcuts.
    work_start = PreferencesForm.base_fields["work_start"]
    work_end = PreferencesForm.base_fields["work_end"]
    wage_amount = LocationWageForm.base_fields["wage_amount"]
    holiday_days = forms.MultipleChoiceField(
        label=_("希望する休日"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    # What the page was opened on: services.change_at_counter refuses a save over answers
    # changed since then, under the row's lock (a check here, unlocked, could be overtaken).
    answers_version = forms.CharField(
        label=_("画面を開いた時点の登録内容"), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Application
        # The admin's fieldsets choose the fields; this form only overrides some of them.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_what_is_required(self.fields.values())
        if self.instance.pk:
            self.fields["answers_version"].initial = services.answers_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone_fixed") and not cleaned.get("phone_mobile"):
            self.add_error("phone_mobile", _("固定電話か携帯電話のどちらかを入力してください。"))
        contacts = ["phone_fixed", "phone_mobile", "email"]
        self._check_with_step(
            DisclosureForm,
            cleaned,
            ["contact_allowed", "contact_methods", *contacts],
            contacts={name for name in contacts if cleaned.get(name)},
        )
        self._check_with_step(PreferencesForm, cleaned, ["employment_type", "work_hours"])
        self._check_with_step(LocationWageForm, cleaned, ["wage_type", "wage_amount"])
        return cleaned

    def _check_with_step(self, step_form, cleaned, names, **kwargs) -> None:
        """Runs a wizard step's own rules on the counter's values, so both say the same.

        Not when one of `names` (the fields the rules read) is already wrong: its own message
        says what to fix. `kwargs` give the step what the wizard gives it from other steps.
        """
        if any(self.has_error(name) for name in names):
            return
        values = {name: cleaned.get(name) for name in step_form.base_fields}
        for name in ("work_start", "work_end"):
            if values.get(name):
                values[name] = values[name].strftime("%H:%M")
        data = {f"s-{name}": value for name, value in values.items() if value not in (None, "")}
        data["s-empty_ack"] = ",".join(step_form.soft_fields)
        form = step_form(data, prefix="s", **kwargs)
        for field, errors in form.errors.items():
            if field in self.fields and not self.has_error(field):
                for error in errors:
                    self.add_error(field, error)
