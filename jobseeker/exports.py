"""CSV export of applications for the counter (issue #4 item 7).

The file is for Excel on the office's PCs: UTF-8 with a byte order mark (without it Excel reads
UTF-8 as Shift_JIS and the Japanese turns into mojibake), CRLF line ends (the csv module's
default), Japanese headers, and no cell Excel would run as a formula.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hellowork.db_routers import replica_alias

from .fields import age_on
from .models import Application, AuditRecord

# A cell starting with one of these is read by Excel as a formula (=HYPERLINK(…), +cmd|…,
# -2+3, @SUM(…)); tab and carriage return are in OWASP's list because they too can start one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The value with a leading apostrophe if it could start a formula, so Excel shows it as text.

    Applicants type their own names, addresses and 自己PR, so any text cell may carry a formula
    meant to run on a staff PC.
    """
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _datetime(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y/%m/%d %H:%M") if value else ""


def _date(value: date | None) -> str:
    return value.strftime("%Y/%m/%d") if value else ""


def _address(a: Application) -> str:
    return f"{a.prefecture}{a.city}{a.street} {a.building}".strip()


def columns(today: date) -> list[tuple[str, Callable[[Application], object]]]:
    """(header, value) for every column, in order; `today` is the day ages are counted on."""
    return [
        (gettext("求職番号"), lambda a: a.number or ""),
        (gettext("氏名"), lambda a: f"{a.family_name} {a.given_name}"),
        (gettext("フリガナ"), lambda a: f"{a.family_name_kana} {a.given_name_kana}"),
        (gettext("生年月日"), lambda a: _date(a.birth_date)),
        (gettext("年齢"), lambda a: age_on(a.birth_date, today)),
        (gettext("性別"), lambda a: a.get_gender_display()),
        (gettext("郵便番号"), lambda a: a.postal_code),
        (gettext("住所"), _address),
        (gettext("電話番号（固定）"), lambda a: a.phone_fixed),
        (gettext("電話番号（携帯）"), lambda a: a.phone_mobile),
        (gettext("メールアドレス"), lambda a: a.email),
        (gettext("状態"), lambda a: a.get_status_display()),
        (gettext("申込日時"), lambda a: _datetime(a.submitted_at)),
        (gettext("有効期限"), lambda a: _date(a.valid_until)),
        (gettext("窓口受付日時"), lambda a: _datetime(a.accepted_at)),
        (gettext("ハローワーク"), lambda a: a.office.name),
    ]


def rows(applications: Iterable[Application], today: date) -> Iterator[list[str]]:
    """The header row, then one row per application, every cell text and neutralised."""
    cols = columns(today)
    yield [header for header, _value in cols]
    for application in applications:
        yield [neutralise(str(value(application))) for _header, value in cols]


def csv_response(request, queryset) -> HttpResponse:
    """The applications of `queryset` as a CSV download, recorded as one EXPORT in the audit trail.

    `queryset` must already be scoped to what the staff member may see (the admin's queryset).
    """
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kyushoku_{today:%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    # select_related: the office name in each row would otherwise cost one query per row.
    applications = queryset.select_related("office").iterator(chunk_size=2000)
    count = -1  # the header row is not an application
    for row in rows(applications, today):
        writer.writerow(row)
        count += 1
    AuditRecord.objects.create(
        staff=request.user,
        action=AuditRecord.Action.EXPORT,
        application=None,
        changes={"count": count, "query": request.GET.urlencode()},
    )
    return response


@admin.action(description=_("CSV出力（選択した申込み）"), permissions=["view"])
def export_selected_csv(modeladmin, request, queryset):
    # The action's queryset is the changelist's own, so it is already office-scoped.
    return csv_response(request, queryset.using(replica_alias()))
