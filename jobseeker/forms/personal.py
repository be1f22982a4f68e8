"""1 基本情報登録 and 2 求職情報提供等登録."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.fields import MailAddressField

from .. import choices
from ..fields import (
    AddressCharField,
    BirthDateField,
    KatakanaField,
    PhoneNumberField,
    PostalCodeField,
    PrefectureField,
    format_birth_date,
)
from .base import StepForm, radio, text


def autofill(token: str) -> forms.TextInput:
    """A text box the browser fills from the person's saved name or address (the phone's
    autofill: fewer taps). フリガナ has no token: browsers would fill it with the 漢字."""
    return forms.TextInput(attrs={"autocomplete": token})


class BasicInfoForm(StepForm):
    title = _("基本情報登録")

    class Media:
        # 住所検索 without leaving the page; the button works without it.
        js = [forms.Script("js/lookup.js", defer=True)]

    family_name = text(_("姓"), max_length=30, widget=autofill("family-name"))
    given_name = text(_("名"), max_length=30, widget=autofill("given-name"))
    family_name_kana = KatakanaField(label=_("セイ"), max_length=30)
    given_name_kana = KatakanaField(label=_("メイ"), max_length=30)
    birth_date = BirthDateField(
        label=_("生年月日"), help_text=_("年は和暦でも入力できます（例：平成2）。")
    )
    gender = radio(choices.Gender, _("性別"))
    postal_code = PostalCodeField(
        label=_("郵便番号"),
        help_text=_("「住所検索」で都道府県と市区町村を入力できます。"),
    )
    prefecture = PrefectureField(label=_("都道府県"))
    city = AddressCharField(label=_("市区町村"), max_length=50, widget=autofill("address-level2"))
    street = AddressCharField(
        label=_("番地"),
        max_length=100,
        help_text=_("半角で入力しても全角に直します（例：768-1）。"),
        widget=autofill("address-line1"),
    )
    building = AddressCharField(
        label=_("建物名・部屋番号"),
        max_length=100,
        required=False,
        widget=autofill("address-line2"),
    )
    phone_fixed = PhoneNumberField(
        kind="fixed",
        label=_("固定電話"),
        required=False,
    )
    phone_mobile = PhoneNumberField(
        kind="mobile",
        label=_("携帯電話"),
        required=False,
        help_text=_("ハイフンはなくても構いません。"),
    )
    email = MailAddressField(label=_("メールアドレス"), required=False)
    nearest_line = text(_("最寄り駅（路線名）"), required=False, max_length=50)
    nearest_station = text(_("最寄り駅（駅名）"), required=False, max_length=50)

    @property
    def birth_date_in_wareki(self) -> str:
        """The birth date typed, with its 和暦, once it is a valid date: 1990年（平成2年）5月1日."""
        if (
            self.is_bound
            and not self.has_error("birth_date")
            and self.cleaned_data.get("birth_date")
        ):
            return format_birth_date(self.cleaned_data["birth_date"])
        return ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("phone_fixed", "phone_mobile"):
            self.fields[name].either_required = True

    def clean(self):
        cleaned = super().clean()
        no_phone = not cleaned.get("phone_fixed") and not cleaned.get("phone_mobile")
        if no_phone and not {"phone_fixed", "phone_mobile"} & set(self.errors):
            self.add_error(
                "phone_mobile",
                _("固定電話か携帯電話のどちらかを入力してください（携帯電話をおすすめします）。"),
            )
        return cleaned


class DisclosureForm(StepForm):
    title = _("求職情報提供等登録")

    disclosure = radio(
        choices.Disclosure,
        _("求職情報の公開"),
        help_text=_("迷ったら「求職情報を公開しない」を選んでください。"),
    )
    info_provision = radio(
        choices.InfoProvision,
        _("地方自治体・地方版ハローワーク、民間人材ビジネスへの情報提供"),
        help_text=_("迷ったら「ともに不可」を選んでください。"),
    )
    contact_allowed = radio(choices.Allowed, _("マイページ以外のハローワークからの連絡"))
    contact_methods = forms.MultipleChoiceField(
        label=_("連絡手段"),
        choices=choices.ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("連絡を「可」にした場合は、1つ以上選んでください（例：郵便と携帯電話）。"),
    )
    # Not ※任意: it is required as soon as 連絡 is 可 (templates/forms/requirement.html).
    contact_methods.required_when = _("※「可」の場合必須")

    # Each method that needs a number or an address from 基本情報登録: its field there, and
    # what the message calls it.
    NEEDS = {
        choices.ContactMethod.FIXED_PHONE: ("phone_fixed", _("固定電話の番号")),
        choices.ContactMethod.MOBILE_PHONE: ("phone_mobile", _("携帯電話の番号")),
        choices.ContactMethod.EMAIL: ("email", _("メールアドレス")),
    }

    def __init__(self, *args, contacts: set[str] | None = None, **kwargs):
        """`contacts`: the fields of 基本情報登録 that hold a value (None: not known)."""
        self.contacts = contacts
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        allowed = cleaned.get("contact_allowed")
        if allowed == choices.Allowed.YES and not cleaned.get("contact_methods"):
            self.add_error(
                "contact_methods",
                _("連絡を「可」にした場合は、連絡手段を1つ以上選んでください。"),
            )
        if allowed == choices.Allowed.YES and self.contacts is not None:
            for method in cleaned.get("contact_methods") or []:
                name, item = self.NEEDS.get(method, (None, ""))
                if name and name not in self.contacts:
                    self.add_error(
                        "contact_methods",
                        _(
                            "「%(method)s」を選ぶ場合は、基本情報登録で%(item)sを入力してください"
                            "（今は入力されていません）。"
                        )
                        % {"method": choices.ContactMethod(method).label, "item": item},
                    )
        if allowed == choices.Allowed.NO:
            cleaned["contact_methods"] = []
        return cleaned
