"""The form of 求職者マイページ開設（アカウント登録手続きの方）: 求職番号 and 生年月日."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import numbers
from ..fields import BirthDateField
from ..models import Office
from .services import CounterMatch


class CounterAccountForm(forms.Form):
    """求職番号 and 生年月日 of an application made at the counter (SPEC "Screens and flow" 3)."""

    number = forms.CharField(
        label=_("求職番号"),
        help_text=_(
            "窓口でお渡しした求職番号を入力してください（例：74601-01234567）。"
            "全角で入力しても、ハイフンがなくてもかまいません。"
        ),
        error_messages={"required": _("求職番号を入力してください。")},
    )
    birth_date = BirthDateField(
        label=_("生年月日"), help_text=_("西暦で入力してください（例：1990年5月1日）。")
    )

    # One message for an unknown number, a wrong birth date and an application that already has
    # an account, so that the page never tells whether a number exists (issue #4 item 8). The
    # tries left and the lock are counted per number, unknown numbers too: they tell nothing.
    mismatch_message = _(
        "求職番号または生年月日が一致しません。"
        "窓口でお渡しした求職番号と、生年月日を確かめてください。"
        "あと%(remaining)d回一致しないと、この求職番号ではオンラインで結び付けられなくなります。"
    )
    locked_message = _(
        "この求職番号は、求職番号または生年月日が一致しない入力が%(max_failures)d回あったため、"
        "オンラインでの結び付けを停止しています。正しい生年月日を入力しても結び付けられません。"
        "お手数ですが、求職番号と本人確認書類（運転免許証など）をお持ちのうえ、"
        "%(office)sの窓口にお越しください（電話 %(phone)s）。"
    )
    rate_limited_message = _(
        "求職番号と生年月日の入力が短い時間に続いたため、一時的に受け付けを停止しています。"
        "約%(minutes)d分後にもう一度お試しいただくか、ハローワークの窓口でお問い合わせください。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean_number(self):
        # Format and check digit are arithmetic on what was typed: their messages leak nothing.
        number = numbers.normalize(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(
                _(
                    "求職番号は、数字5桁・ハイフン・数字8桁の13桁です（例：74601-01234567）。"
                    "ハイフンはなくてもかまいません。"
                ),
                code="format",
            )
        if not numbers.is_valid(number):
            raise forms.ValidationError(
                _(
                    "求職番号の数字に誤りがあります。"
                    "窓口でお渡しした求職番号を、1桁ずつ確かめてください。"
                ),
                code="check_digit",
            )
        return number

    def add_match_error(self, match: CounterMatch) -> None:
        if match.retry_minutes is not None:
            error = forms.ValidationError(
                self.rate_limited_message,
                code="rate_limited",
                params={"minutes": match.retry_minutes},
            )
        elif match.locked:
            office = self._office_of_number()
            error = forms.ValidationError(
                self.locked_message,
                code="locked",
                params={
                    "max_failures": settings.COUNTER_LINK_MAX_FAILURES,
                    "office": office and office.display_name,
                    "phone": office and office.phone,
                },
            )
        else:
            error = forms.ValidationError(
                self.mismatch_message,
                code="mismatch",
                params={"remaining": match.remaining_attempts},
            )
        self.add_error(None, error)

    def _office_of_number(self) -> Office | None:
        # A 求職番号 starts with its office's code, and the offices are public: naming the
        # number's office tells nothing about whether an application has the number.
        code = self.cleaned_data["number"][: numbers.OFFICE_CODE_LENGTH]
        return Office.objects.filter(code=code).first() or Office.objects.default()
