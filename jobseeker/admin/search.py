"""The counter's search box, made for a 2D-code scanner: what a scanner or a clerk types there.

A 求職番号 is found in any width, with or without its hyphen; one with a wrong check digit lists
the numbers one digit away; an exact number opens its record; a search that finds nothing says
why and what to try. Every way back to the list (save, 窓口で受付完了) keeps the filters but not the
search, so the box is empty and focused for the next scan
(templates/admin/jobseeker/application/search_form.html).
"""

from dataclasses import dataclass

import jaconv
from django.contrib import messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext

from .. import numbers
from ..fields import to_half_width_number
from ..models import Office
from ..models.search import SHORTEST_INFIX

# Django's names for the search's query parameter and the list's query kept on a record's page.
SEARCH_VAR = "q"
PRESERVED_FILTERS = "_changelist_filters"


@dataclass(frozen=True)
class NoResult:
    """Why a search found nothing and what the clerk can try, shown above the empty list."""

    why: str
    what_to_try: str
    # Whether the list's filters may be what hides it (never for another office's number).
    filters_may_hide: bool = True


class CounterChangeList(ChangeList):
    """Django's list, which also carries why its search found nothing: the search form, an
    inclusion tag that sees only `cl`, points the box's description at it, so a screen reader
    says it where the focus is."""

    no_result: NoResult | None = None


class CounterSearchMixin:
    """The ApplicationAdmin's search: numbers as scanners and people type them, names in either
    kana, phone numbers in any width, mail addresses; see the module docstring."""

    def get_changelist(self, request, **kwargs):
        return CounterChangeList

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        cl = context.get("cl")
        if request.method != "GET" or cl is None or not cl.query.strip():
            return response
        number = numbers.normalize(cl.query)
        if cl.result_count == 0:
            # Any filter, the sidebar's or one typed into the URL (what clear_all_filters_qs lifts).
            filtered = bool(cl.get_filters_params())
            cl.no_result = explain_no_result(
                cl.query, office=own_office(request), filtered=filtered
            )
        elif number and not numbers.is_valid(number):
            messages.warning(
                request,
                gettext(
                    "求職番号 %(number)s は正しくありません（チェックディジットが一致しません）。"
                    "1桁違いの求職番号を表示しています。本人に番号を確認してください。"
                )
                % {"number": number},
            )
        elif (
            number
            and cl.result_count == 1
            and not cl.is_popup
            and cl.result_list[0].number == number
        ):
            # A scanned or typed 求職番号 opens its record, not a list of one row; in a popup
            # (choosing an application for another record) the row is what is picked.
            opts = self.opts
            return redirect(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                cl.result_list[0].pk,
            )
        return response

    def get_preserved_filters(self, request):
        """The list's filters without its search: a box left holding the last number would take
        the next scan after it, so the clerk comes back to an empty one."""
        preserved = super().get_preserved_filters(request)
        if not preserved:
            return preserved
        kept = QueryDict(QueryDict(preserved).get(PRESERVED_FILTERS, ""), mutable=True)
        kept.pop(SEARCH_VAR, None)
        return urlencode({PRESERVED_FILTERS: kept.urlencode()}) if kept else ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        number = numbers.normalize(term)
        if number is None:
            return self._text_query(queryset, term), False
        if numbers.is_valid(number):
            return queryset.filter(number=number), False
        # A wrong check digit: a single-digit typo, whose right number is among these.
        return queryset.filter(number__in=numbers.single_digit_corrections(number)), False

    def _text_query(self, queryset, term):
        """Every typed word in a name, kana, phone or mail (models/search.py says how each is
        looked for, and why words of one or two characters match the start of a value)."""
        found = queryset
        for word in term.split():
            if address := whole_mail_address(word):
                # Found whole, as written (either case): a full address's trigrams are mostly
                # its domain's, which most rows share, so the trigram index would read them all.
                by_account = queryset.filter(user__email=address.lower()).values("pk")
                by_application = queryset.filter(email__iexact=address).values("pk")
                found = found.filter(pk__in=by_application.union(by_account))
                continue
            forms = {word, jaconv.hira2kata(jaconv.h2z(word))}
            digits = to_half_width_number(word).replace("-", "")
            if digits.isdigit() and len(digits) >= 4:
                forms.add(digits)
            if word.isascii() and len(word) >= SHORTEST_INFIX:
                # Also the account's login address, which may differ from the application's:
                # a union, not an OR, so that PostgreSQL answers each half from its own
                # trigram index instead of reading every row of the office.
                by_account = queryset.filter(user__email__icontains=word).values("pk")
                either = queryset.matching_any(forms).values("pk").union(by_account)
                found = found.filter(pk__in=either)
            else:
                found = found.matching_any(forms)
        return found


def whole_mail_address(word: str) -> str | None:
    """`word` in half-width if it is a whole mail address (name@domain.tld), else None."""
    address = jaconv.z2h(word, kana=False, ascii=True, digit=True)
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


def own_office(request) -> Office | None:
    """The one office whose applications the staff member sees, or None for a superuser."""
    return None if request.user.is_superuser else request.user.office


def explain_no_result(term: str, *, office: Office | None, filtered: bool) -> NoResult:
    """Why searching `term` found nothing: a number one digit short or long, a mistyped number
    with no number one digit away, another office's number, an unknown number or words."""
    typed = numbers.typed_digits(term.strip())
    if typed.isascii() and typed.isdigit():
        if len(typed) in (numbers.NUMBER_LENGTH - 1, numbers.NUMBER_LENGTH + 1):
            return _wrong_length(term.strip(), len(typed), office)
        if len(typed) == numbers.NUMBER_LENGTH:
            return _number_not_found(numbers.normalize(typed), office, filtered)
    return NoResult(
        why=gettext("「%(term)s」に一致する求職申込みはありません。") % {"term": term.strip()},
        what_to_try=gettext(
            "氏名・フリガナは姓か名だけでも、電話番号は4桁以上の一部でも検索できます。"
            "1〜2文字の語は、姓・名の先頭が一致するものを探します（「林」で「小林」は"
            "見つかりません）。求職番号は13桁すべてを入力してください。"
        ),
        filters_may_hide=filtered,
    )


def _wrong_length(typed: str, digits: int, office: Office | None) -> NoResult:
    values = {
        "typed": typed,
        "count": digits,
        "example": numbers.format_number(office.code if office else "74601", 1),
    }
    if digits < numbers.NUMBER_LENGTH:
        why = gettext(
            "「%(typed)s」は%(count)d桁です。求職番号は13桁（安定所番号5桁と8桁）なので、"
            "1桁足りません。"
        )
    else:
        why = gettext(
            "「%(typed)s」は%(count)d桁です。求職番号は13桁（安定所番号5桁と8桁）なので、"
            "1桁多く入力されています。"
        )
    return NoResult(
        why=why % values,
        what_to_try=gettext(
            "2次元コードをもう一度読み取るか、本人に求職番号を確かめて、"
            "%(example)s のように13桁すべてを入力してください。"
        )
        % values,
        filters_may_hide=False,
    )


def _number_not_found(number: str, office: Office | None, filtered: bool) -> NoResult:
    ask_again = gettext(
        "本人に求職番号を確かめて入力し直すか、氏名・フリガナ・電話番号で検索してください。"
    )
    if not numbers.is_valid(number):
        why = gettext(
            "求職番号 %(number)s は正しくありません（チェックディジットが一致しません）。"
            "1桁違いの求職番号も見つかりません。"
        )
        return NoResult(why % {"number": number}, ask_again, filtered)
    office_code = number[: numbers.OFFICE_CODE_LENGTH]
    issuer = Office.objects.filter(code=office_code).first() if office else None
    if issuer is not None and issuer != office:
        values = {
            "number": number,
            "office": issuer.name,
            "code": issuer.code,
            "phone": issuer.phone,
        }
        return NoResult(
            why=gettext(
                "求職番号 %(number)s は%(office)s（安定所番号 %(code)s）の番号です。"
                "ほかのハローワークの求職申込みは、この窓口では表示できません。"
            )
            % values,
            what_to_try=gettext(
                "番号が合っていれば、申込み先の%(office)s（電話 %(phone)s）に問い合わせて"
                "ください。違っていれば、本人に番号を確かめて入力し直してください。"
            )
            % values,
            filters_may_hide=False,
        )
    why = gettext("求職番号 %(number)s の求職申込みは見つかりません。")
    return NoResult(why % {"number": number}, ask_again, filtered)
