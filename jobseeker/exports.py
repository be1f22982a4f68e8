"""CSV export of applications for the counter (issue #4 item 7).

The file is for Excel on the office's PCs: UTF-8 with a byte order mark (without it Excel reads
UTF-8 as Shift_JIS and the Japanese turns into mojibake), CRLF line ends (the csv module's
default), Japanese headers, and no cell Excel would run as a formula.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, tzinfo

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hellowork.db_routers import replica_alias

from .choices import Gender, Status
from .fields import age_on
from .models import AuditRecord

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


# Written out rather than with strftime, which took a fifth of each row's time (docs/scale.md).
def _datetime(value: datetime | None, zone: tzinfo) -> str:
    if not value:
        return ""
    value = value.astimezone(zone)
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d} {value.hour:02d}:{value.minute:02d}"


def _date(value: date | None) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}" if value else ""


def _labels(choices) -> dict[str, str]:
    """A TextChoices' labels in the request's language, translated once per file, not per row."""
    return {value: str(label) for value, label in choices.choices}


# What each row reads: plain values, not model instances (a tenth of the cost per row).
FIELDS = [
    "number",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "gender",
    "postal_code",
    "prefecture",
    "city",
    "street",
    "building",
    "phone_fixed",
    "phone_mobile",
    "email",
    "status",
    "submitted_at",
    "valid_until",
    "accepted_at",
    "office__name",
]

Row = dict[str, object]


def columns(today: date) -> list[tuple[str, Callable[[Row], object]]]:
    """(header, value) for every column, in order; `today` is the day ages are counted on."""
    genders, statuses = _labels(Gender), _labels(Status)
    zone = timezone.get_current_timezone()
    return [
        (gettext("求職番号"), lambda a: a["number"] or ""),
        (gettext("氏名"), lambda a: f"{a['family_name']} {a['given_name']}"),
        (gettext("フリガナ"), lambda a: f"{a['family_name_kana']} {a['given_name_kana']}"),
        (gettext("生年月日"), lambda a: _date(a["birth_date"])),
        (gettext("年齢"), lambda a: age_on(a["birth_date"], today)),
        (gettext("性別"), lambda a: genders.get(a["gender"], a["gender"])),
        (gettext("郵便番号"), lambda a: a["postal_code"]),
        (
            gettext("住所"),
            lambda a: f"{a['prefecture']}{a['city']}{a['street']} {a['building']}".strip(),
        ),
        (gettext("電話番号（固定）"), lambda a: a["phone_fixed"]),
        (gettext("電話番号（携帯）"), lambda a: a["phone_mobile"]),
        (gettext("メールアドレス"), lambda a: a["email"]),
        (gettext("状態"), lambda a: statuses.get(a["status"], a["status"])),
        (gettext("申込日時"), lambda a: _datetime(a["submitted_at"], zone)),
        (gettext("有効期限"), lambda a: _date(a["valid_until"])),
        (gettext("窓口受付日時"), lambda a: _datetime(a["accepted_at"], zone)),
        (gettext("ハローワーク"), lambda a: a["office__name"]),
    ]


def rows(applications: Iterable[Row], cols) -> Iterator[list[str]]:
    """The header row, then one row per application, every cell text and neutralised."""
    yield [header for header, _value in cols]
    for application in applications:
        yield [neutralise(str(value(application))) for _header, value in cols]


class _Line:
    """What csv.writer writes to: it hands back the line, for the response to send."""

    def write(self, line: str) -> str:
        return line


# Lines sent together: one write to the client per 500 rows, not one per row.
LINES_PER_CHUNK = 500


def _chunks(applications: Iterable[Row], cols) -> Iterator[str]:
    writer = csv.writer(_Line())
    lines = ["\ufeff"]
    for row in rows(applications, cols):
        lines.append(writer.writerow(row))
        if len(lines) >= LINES_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def csv_response(request, queryset) -> StreamingHttpResponse:
    """The applications of `queryset` as a CSV download, recorded as one EXPORT in the audit trail.

    `queryset` must already be scoped to what the staff member may see (the admin's queryset).
    The file is sent as it is written, a chunk of rows at a time: memory stays the same for 100
    rows or 100,000, and the first bytes leave at once (docs/scale.md has the figures).
    """
    today = timezone.localdate()
    AuditRecord.objects.create(
        staff=request.user,
        action=AuditRecord.Action.EXPORT,
        application=None,
        # Counted before sending, so the trail holds the export even if the download is cut.
        changes={"count": queryset.count(), "query": request.GET.urlencode()},
    )
    # A server-side cursor on PostgreSQL (unless DB_DISABLE_SERVER_SIDE_CURSORS): 2,000 rows in
    # memory at a time.
    applications = queryset.values(*FIELDS).iterator(chunk_size=2000)
    # Headers and labels in the request's language now: the rows are written after the view
    # has returned, when no request's language need be active any more.
    cols = columns(today)
    response = StreamingHttpResponse(
        _chunks(applications, cols), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kyushoku_{today:%Y%m%d}.csv"'
    return response


@admin.action(description=_("CSV出力（選択した申込み）"), permissions=["view"])
def export_selected_csv(modeladmin, request, queryset):
    # The action's queryset is the changelist's own, so it is already office-scoped.
    return csv_response(request, queryset.using(replica_alias()))
