"""The counter's extra admin pages (issue #4 item 7): CSV of the list, 業務統計, 求職申込書 print;
職業相談を記録 (SPEC "Rules", 有効期限); and 「オンライン結び付けの停止を解除」.

Each view takes the ApplicationAdmin, so it sees applications through the admin's own
office-scoped queryset and permissions; `urls()` gives ApplicationAdmin.get_urls its paths.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hellowork.db_routers import replica_alias

from .. import exports, services
from ..fields import FullWidthCharField
from ..models import AuditRecord
from ..qr import qr_svg
from ..summary import sections
from .wording import written_day

# Offices count their work by the Japanese calendar day, whatever TIME_ZONE a server runs with.
JST = ZoneInfo("Asia/Tokyo")
DEFAULT_DAYS = 31
# A year and a day: enough for a year-on-year look, and it keeps the page's table bounded.
MAX_DAYS = 366


def urls(model_admin) -> list:
    """The paths to put before ModelAdmin.get_urls' own (whose "<path:object_id>/" takes all)."""
    opts = model_admin.opts
    prefix = f"{opts.app_label}_{opts.model_name}"

    def wrap(view):
        def wrapped(request, *args, **kwargs):
            return view(model_admin, request, *args, **kwargs)

        return model_admin.admin_site.admin_view(wrapped)

    return [
        path("export/", wrap(export_list_csv), name=f"{prefix}_export"),
        path("statistics/", wrap(statistics), name=f"{prefix}_statistics"),
        path("<path:object_id>/print/", wrap(print_application), name=f"{prefix}_print"),
        path(
            "<path:object_id>/consultation/",
            wrap(record_consultation),
            name=f"{prefix}_consultation",
        ),
        path(
            "<path:object_id>/unlock-counter-link/",
            wrap(unlock_counter_link),
            name=f"{prefix}_unlock_counter_link",
        ),
    ]


# -- CSV of the list as filtered ------------------------------------------------------------------


def export_list_csv(model_admin, request):
    """「この一覧をCSVで出力」: exactly the rows the changelist with the same query string shows."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        # What the changelist itself does with filters it cannot apply.
        changelist_url = reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist",
            current_app=model_admin.admin_site.name,
        )
        return HttpResponseRedirect(f"{changelist_url}?{ERROR_FLAG}=1")
    # The ChangeList has already run get_queryset(request) (filters, search, ordering) into
    # .queryset: the rows the list shows, without searching twice.
    return exports.csv_response(request, changelist.queryset.using(replica_alias()))


# -- 業務統計 --------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD, both optional: to defaults to today, from to 31 days."""

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # "from" is a Python keyword, so the fields cannot be class attributes.
        self.fields["from"] = self._date_field(_("開始日"))
        self.fields["to"] = self._date_field(_("終了日"))

    @staticmethod
    def _date_field(label) -> forms.DateField:
        return forms.DateField(
            label=label,
            required=False,
            input_formats=["%Y-%m-%d"],
            error_messages={
                "invalid": _("%(label)sは 2026-11-25 のように年-月-日で入力してください。")
                % {"label": label}
            },
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("to") or self.today
        start = cleaned.get("from") or end - timedelta(days=DEFAULT_DAYS - 1)
        earliest, latest = date(2000, 1, 1), self.today + timedelta(days=366)
        if not (earliest <= start <= latest and earliest <= end <= latest):
            raise forms.ValidationError(
                _("期間は2000年1月1日から%(latest)sまでの日付で指定してください。")
                % {"latest": written_day(latest)}
            )
        if start > end:
            raise forms.ValidationError(
                _("開始日は終了日と同じ日か、それより前の日にしてください。")
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("期間は%(days)d日以内で指定してください。") % {"days": MAX_DAYS}
            )
        cleaned["from"], cleaned["to"] = start, end
        return cleaned


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JST)


def daily_counts(queryset, field: str, start: date, end: date) -> dict[date, int]:
    """How many rows have `field` on each JST day from start to end: one grouped query."""
    counted = (
        queryset.filter(**{f"{field}__gte": _start_of(start)})
        .filter(**{f"{field}__lt": _start_of(end + timedelta(days=1))})
        .annotate(day=TruncDate(field, tzinfo=JST))
        .values("day")
        .annotate(count=Count("pk"))
        # Replacing the model's ordering matters: an ORDER BY column joins the GROUP BY.
        .order_by("day")
    )
    return {row["day"]: row["count"] for row in counted}


def statistics(model_admin, request):
    """Applications submitted and accepted per day, for the staff member's office."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    today = timezone.localtime(timezone.now(), JST).date()
    form = PeriodForm(request.GET, today=today)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("業務統計"),
        "opts": model_admin.opts,
        "form": form,
        "office": None if request.user.is_superuser else request.user.office,
    }
    if form.is_valid():
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        queryset = model_admin.get_queryset(request).using(replica_alias())
        submitted = daily_counts(queryset, "submitted_at", start, end)
        accepted = daily_counts(queryset, "accepted_at", start, end)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        context |= {
            "start": start,
            "end": end,
            "days": [(day, submitted.get(day, 0), accepted.get(day, 0)) for day in days],
            "total_submitted": sum(submitted.values()),
            "total_accepted": sum(accepted.values()),
        }
        values = {"from": start.isoformat(), "to": end.isoformat()}
    else:
        values = {name: request.GET.get(name, "") for name in ("from", "to")}
    context["values"] = values
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/jobseeker/application/statistics.html", context)


# -- 求職申込書 ------------------------------------------------------------------------------------


def print_application(model_admin, request, object_id):
    """A 求職申込書 for A4 paper; another office's application is a 404 (OwnOfficeMixin)."""
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404
    if not model_admin.has_view_permission(request, application):
        raise PermissionDenied
    AuditRecord.objects.create(
        staff=request.user, action=AuditRecord.Action.PRINT, application=application
    )
    qr = (
        qr_svg(
            application.number,
            label=gettext("求職番号 %(number)s") % {"number": application.number},
        )
        if application.number
        else ""
    )
    context = {
        "application": application,
        "office": application.office,
        "qr": qr,
        "sections": sections(application),
        "printed_at": timezone.now(),
        "change_url": reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
            args=[application.pk],
            current_app=model_admin.admin_site.name,
        ),
    }
    return TemplateResponse(request, "admin/jobseeker/application/application_print.html", context)


# -- 職業相談を記録 --------------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    held_on = forms.DateField(
        label=_("相談日"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("相談日を入力してください。"),
            "invalid": _("相談日は 2026-11-25 のように年-月-日で入力してください。"),
        },
    )
    note = FullWidthCharField(
        label=_("メモ"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("相談の内容を短く記録します（全角200文字以内）。"),
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["held_on"].initial = today
        self.fields["held_on"].widget.attrs["max"] = today.isoformat()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError(
                _("相談日に今日（%(today)s）より後の日付は指定できません。")
                % {"today": written_day(self.today)},
                code="future",
            )
        return held_on


def record_consultation(model_admin, request, object_id):
    """「職業相談を記録」 for an application of the staff member's own office (another office's is a
    404, OwnOfficeMixin); says whether the 有効期限 was extended (services.record_consultation)."""
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404
    if not (
        model_admin.has_view_permission(request, application)
        and request.user.has_perm("jobseeker.add_consultation")
    ):
        raise PermissionDenied
    change_url = reverse(
        f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
        args=[application.pk],
        current_app=model_admin.admin_site.name,
    )
    form = ConsultationForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        consultation = services.record_consultation(
            application,
            request.user,
            on=form.cleaned_data["held_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _consultation_message(consultation))
        return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("職業相談を記録"),
        "opts": model_admin.opts,
        "original": application,
        "form": form,
        # Laid out and marked as the admin's change forms are: errorlist next to the field, the
        # row in red, and the widget's aria-invalid/aria-describedby from Django's BoundField.
        "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        "change_url": change_url,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/jobseeker/application/consultation_form.html", context)


def _consultation_message(consultation) -> str:
    """What the recording did to the 有効期限, and why not when it did nothing."""
    valid_until = consultation.application.valid_until
    values = {
        "held_on": written_day(consultation.held_on),
        "valid_until": written_day(valid_until) if valid_until else "—",
    }
    if consultation.extended_until:
        text = gettext(
            "%(held_on)sの職業相談を記録しました。有効期限を%(valid_until)sまで延長しました。"
        )
    elif valid_until and consultation.held_on > valid_until:
        text = gettext(
            "%(held_on)sの職業相談を記録しました。有効期限（%(valid_until)s）が過ぎているため、"
            "延長されません。登録内容の更新が必要です。"
        )
    elif extension := _extension_in_month_of(consultation):
        # The month was the last one until that consultation extended it: "not the month of
        # the 有効期限" would be true but leaves the counter wondering why.
        values["extended_on"] = written_day(extension.held_on)
        text = gettext(
            "%(held_on)sの職業相談を記録しました。同じ月の職業相談（%(extended_on)s）で"
            "すでに有効期限を延長済みのため、延長しませんでした（有効期限：%(valid_until)s）。"
        )
    else:
        text = gettext(
            "%(held_on)sの職業相談を記録しました。有効期限（%(valid_until)s）の月の相談では"
            "ないため、有効期限は変わりません。"
        )
    return text % values


def _extension_in_month_of(consultation):
    """The application's consultation in the same month as `consultation` that extended the
    有効期限 (services.record_consultation extends once a month), or None."""
    held_on = consultation.held_on
    return (
        consultation.application.consultations.filter(
            held_on__year=held_on.year,
            held_on__month=held_on.month,
            extended_until__isnull=False,
        )
        .exclude(pk=consultation.pk)
        .order_by("held_on", "pk")
        .first()
    )


# -- オンライン結び付けの停止を解除 --------------------------------------------------


def unlock_counter_link(model_admin, request, object_id):
    """Lifts the lock on an application's 求職番号 after repeated mismatches of 生年月日, for
    staff of its office with the change permission (another office's is a 404, OwnOfficeMixin);
    audited by services.unlock_counter_link."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404
    if not model_admin.has_change_permission(request, application):
        raise PermissionDenied
    values = {"number": application.number}
    if services.unlock_counter_link(application, request.user):
        messages.success(
            request,
            gettext(
                "%(number)s のオンライン結び付けの停止を解除しました。"
                "申込者は、求職番号と生年月日でマイページを開設できます。"
            )
            % values,
        )
    else:
        messages.info(
            request, gettext("%(number)s は、オンライン結び付けを停止していません。") % values
        )
    return HttpResponseRedirect(
        reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
            args=[application.pk],
            current_app=model_admin.admin_site.name,
        )
    )
