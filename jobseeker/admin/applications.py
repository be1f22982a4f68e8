"""The counter (窓口): staff find, check, complete and accept applications of their own office."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import audit, exports, services
from ..choices import Status
from ..fields import age_on
from ..models import Application, AuditRecord, CounterLinkLock
from . import address_change, displays, history, panel, views, walk_in, wording
from .address_lookup import CounterApplicationForm
from .filters import CounterLinkFilter, OfficeFilter, ValidityFilter
from .inlines import QualificationInline, WorkHistoryInline
from .offices import OwnOfficeMixin
from .paginator import EstimatedCountPaginator
from .search import CounterSearchMixin

# What the counter sees but never edits: the number, its status and its history.
STATUS_FIELDS = [
    "number",
    "status",
    "user",
    "submitted_at",
    "valid_until",
    "expiry_reminders",
    "consultations",
    "accepted_at",
    "accepted_by",
    "mail_delivery",
]
# Shown as text to staff who cannot open the accounts' pages, to which Django would link them.
ACCOUNT_FIELDS_AS_TEXT = {"user": "account", "accepted_by": "accepted_by_name"}


@admin.register(Application)
class ApplicationAdmin(CounterSearchMixin, OwnOfficeMixin, admin.ModelAdmin):
    form = CounterApplicationForm
    change_form_template = "admin/jobseeker/application/change_form.html"
    object_history_template = "admin/jobseeker/application/object_history.html"
    list_display = [
        "number",
        "full_name",
        "full_name_kana",
        "age",
        "status",
        "submitted_at",
        "valid_until",
        "office",
    ]
    list_display_links = ["number", "full_name"]
    list_filter = [
        "status",
        "submitted_at",
        "employment_type",
        ValidityFilter,
        CounterLinkFilter,
        ("office", OfficeFilter),
    ]
    list_select_related = ["office"]
    # At a million rows (docs/scale.md): no second COUNT of the unfiltered list beside a
    # filtered one (「すべて表示」 instead of 「全N件」), and an estimate for the whole table.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Facets would count every row of the list once per choice of every filter.
    show_facets = admin.ShowFacets.NEVER
    search_fields = ["number"]
    search_help_text = _(
        "求職番号（2次元コードの読み取り、ハイフンなしも可）、氏名、フリガナ（ひらがなも可）、"
        "電話番号、メールアドレスで検索できます。"
    )
    # No date_hierarchy: the 申込日時 filter picks the same days, and its bar would push the
    # list's tenth row below a 1366×768 screen (static/css/admin.css).
    # 窓口で受付完了 is only the record's button, pressed after checking the person in front of
    # the clerk: a list action would accept people whose record nobody opened (#15 item 6).
    actions = [exports.export_selected_csv]
    # The actions bar only under the list: over it, it takes a row of the first screen.
    actions_on_top = False
    actions_on_bottom = True
    inlines = [QualificationInline, WorkHistoryInline]
    readonly_fields = STATUS_FIELDS
    # 7 自己PR stays last: change_form.html shows the last fieldset after the inlines (6 経歴).
    fieldsets = [
        (
            _("求職番号と状態"),
            {"fields": [*STATUS_FIELDS, "answers_version"]},
        ),
        (
            _("1 基本情報登録"),
            {
                "fields": [
                    ("family_name", "given_name"),
                    ("family_name_kana", "given_name_kana"),
                    "birth_date",
                    "gender",
                    "postal_code",
                    ("prefecture", "city"),
                    "street",
                    "building",
                    ("phone_fixed", "phone_mobile"),
                    "email",
                    ("nearest_line", "nearest_station"),
                ]
            },
        ),
        (
            _("2 求職情報提供等登録"),
            {"fields": ["disclosure", "info_provision", "contact_allowed", "contact_methods"]},
        ),
        (
            _("3 希望職種・時間等登録（窓口でお聞きする項目）"),
            {
                "fields": [
                    "employment_type",
                    "employment_period",
                    ("desired_occupation", "desired_occupation_second"),
                    "desired_job_detail",
                    ("work_hours", "work_start", "work_end", "work_break"),
                    ("holidays", "holiday_days"),
                ]
            },
        ),
        (
            _("4 希望勤務地・賃金登録（窓口でお聞きする項目）"),
            {"fields": [("desired_prefecture", "desired_city"), ("wage_type", "wage_amount")]},
        ),
        (_("5 学歴／資格登録"), {"fields": ["education", "education_status", "school_name"]}),
        (_("7 自己PR登録"), {"fields": ["self_pr"]}),
    ]

    def get_urls(self):
        # The extra pages (views.py, walk_in.py, address_change.py); before the catch-all
        # "<path:object_id>/".
        return (
            views.urls(self) + walk_in.urls(self) + address_change.urls(self) + super().get_urls()
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[1:]
        status = [*self.status_fields(request), "answers_version"]
        return [(self.fieldsets[0][0], {"fields": status}), *self.fieldsets[1:]]

    def get_readonly_fields(self, request, obj=None):
        return self.status_fields(request)

    def status_fields(self, request) -> list[str]:
        """STATUS_FIELDS as this staff member may see them."""
        names = STATUS_FIELDS
        if not request.user.has_perm("jobseeker.view_consultation"):
            names = [name for name in names if name != "consultations"]
        if not request.user.has_perm("accounts.view_user"):
            names = [ACCOUNT_FIELDS_AS_TEXT.get(name, name) for name in names]
        return names

    def has_delete_permission(self, request, obj=None):
        return False

    def action_checkbox(self, obj):
        # Django's markup, written here: drawn through the widget templates, the 100 boxes of a
        # page took a third of the list's rendering (about 25 ms a page; docs/scale.md).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("氏名"), ordering="family_name_kana")
    def full_name(self, obj):
        return f"{obj.family_name} {obj.given_name}"

    @admin.display(description=_("フリガナ"))
    def full_name_kana(self, obj):
        return f"{obj.family_name_kana} {obj.given_name_kana}"

    @admin.display(description=_("アカウント"))
    def account(self, obj):
        # Django's "-", as for the other empty fields: a display that returns None reads "None".
        return obj.user.email if obj.user else self.get_empty_value_display()

    @admin.display(description=_("受付した職員"))
    def accepted_by_name(self, obj):
        if obj.accepted_by is None:
            return self.get_empty_value_display()
        return wording.person(obj.accepted_by)

    @admin.display(description=_("メール配信状況"))
    def mail_delivery(self, obj):
        return displays.mail_delivery(obj)

    @admin.display(description=_("有効期限のお知らせメール"))
    def expiry_reminders(self, obj):
        return displays.expiry_reminders(obj)

    @admin.display(description=_("職業相談"))
    def consultations(self, obj):
        return displays.consultations(obj)

    @admin.display(description=_("年齢"), ordering="-birth_date")
    def age(self, obj):
        return age_on(obj.birth_date, timezone.localdate())

    # -- the words of its pages (#15 item 8): titles that name the person, not Django's
    # 「変更する 求職申込み を選択」 or 「求職申込み を変更」 --------------------------------

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": gettext("求職申込みの一覧"), **(extra_context or {})}
        )

    def history_view(self, request, object_id, extra_context=None):
        # The audit trail, not Django's LogEntry rows (history.py says why); another office's
        # record is not found, as on its page (OwnOfficeMixin).
        application = self.get_object(request, object_id)
        context = {}
        if application is not None:
            context = {
                "title": gettext("%(record)sの履歴") % {"record": _titled(application)},
                "entries": history.entries(application),
            }
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    # -- viewing, changing, accepting ---------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.AnswersChanged as refusal:
            # Nothing was saved (the transaction rolled back): the page again, with the
            # applicant's newer answers and the message above the form.
            messages.error(request, str(refusal))
            return HttpResponseRedirect(request.get_full_path())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            application = self.get_object(request, object_id)
            AuditRecord.objects.create(
                staff=request.user, action=AuditRecord.Action.VIEW, application=application
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.number:
            context["counter_link_lock"] = (
                CounterLinkLock.objects.locked().filter(number=obj.number).first()
            )
        if obj is not None and obj.pk:
            context["panel"] = self._panel(request, obj)
        # One person at a time: 「保存してもう一つ追加」 is for typing in a pile of records.
        context["show_save_and_add_another"] = False
        if obj is not None and obj.pk:
            # The panel's heading names the person (number and name, the page hides Django's
            # subtitle under it): the title says what the page is for, the tab names the person.
            title = (
                gettext("求職申込みの確認と窓口受付")
                if obj.status == Status.ONLINE
                else gettext("求職申込みの確認と変更")
            )
            context.update(title=title, subtitle=_titled(obj))
        else:
            context.update(title=gettext("窓口で求職申込みを登録"), subtitle=None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def log_change(self, request, obj, message):
        # Django logs every save, even of nothing, which its history then shows as
        # 「変更はありませんでした」: pressing 窓口で受付完了 without edits is logged as the
        # acceptance instead (_accept), and a save of nothing is not logged.
        if not message:
            return None
        return super().log_change(request, obj, message)

    def _panel(self, request, application) -> panel.CounterPanel:
        # As stored, not as the form being shown again after an error holds it.
        stored = Application.objects.select_related("user").get(pk=application.pk)
        may_consult = request.user.has_perm("jobseeker.add_consultation")
        may_change = self.has_change_permission(request, stored)
        return panel.counter_panel(
            stored,
            today=timezone.localdate(),
            may_accept=may_change,
            consultation_url=self._url("consultation", stored) if may_consult else "",
            print_url=self._url("print", stored),
            address_change_url=self._url("address_change", stored) if may_change else "",
        )

    def _url(self, name: str, application) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[application.pk],
            current_app=self.admin_site.name,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            services.register_at_counter(obj, request.user)
            return
        # Kept on the instance (never on the admin, shared by all requests) for save_related,
        # which adds the inline rows' changes to it. Raises AnswersChanged (changeform_view).
        obj.counter_change = services.change_at_counter(
            obj,
            request.user,
            opened_version=form.cleaned_data.get("answers_version") or "",
            changed=[name for name in form.changed_data if name != "answers_version"],
        )

    def save_related(self, request, form, formsets, change):
        # The 資格・免許 and 経歴 rows staff changed, in the same 履歴 entry as the fields.
        before = audit.rows_summary(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        if not before:
            return
        rows = audit.changed_rows(before, form.instance)
        if not rows:
            return
        record = getattr(form.instance, "counter_change", None)
        if record is None:
            # Rows changed alone: the applicant's draft must still learn of it (wizard).
            Application.objects.filter(pk=form.instance.pk).update(
                answers_changed_at=timezone.now()
            )
            AuditRecord.objects.create(
                staff=request.user,
                action=AuditRecord.Action.CHANGE,
                application=form.instance,
                changes=rows,
            )
        else:
            record.changes |= rows
            record.save(update_fields=["changes"])

    def response_add(self, request, obj, post_url_continue=None):
        # The page that tells the clerk how the person opens a マイページ later, whichever save
        # button was pressed: it links to the record, to a new form and to the list.
        if IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request,
            gettext("%(number)s で登録し、窓口で受付完了にしました（利用登録者）。")
            % {"number": obj.number},
        )
        return HttpResponseRedirect(self._url("registered", obj))

    def response_change(self, request, obj):
        if "_accept" in request.POST:
            self._accept(request, obj)
            return self.response_post_save_change(request, obj)
        if "_renew" in request.POST:
            self._renew(request, obj)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    def _renew(self, request, application) -> None:
        try:
            renewed = services.renew_at_counter(application, request.user)
        except services.TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
            return
        done = gettext("%(number)s の有効期限を%(date)sまで更新しました。") % {
            "number": renewed.number,
            "date": wording.written_day(renewed.valid_until),
        }
        self.log_change(request, renewed, done)
        messages.success(request, done)

    def _accept(self, request, application) -> None:
        try:
            accepted = services.accept_at_counter(application, request.user)
        except services.TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
            return
        text = gettext("%(number)s を窓口で受付完了にしました（利用登録者）。")
        if accepted.valid_until != application.valid_until:
            # An expired registration, renewed by the acceptance (services.accept_at_counter).
            text += gettext("有効期限を%(date)sまで更新しました。")
        done = text % {"number": accepted.number, "date": wording.written_day(accepted.valid_until)}
        self.log_change(request, accepted, done)
        messages.success(request, done)


def _titled(application) -> str:
    """A record as its page's title names it: the person first, then the number."""
    return gettext("%(name)sさん（%(number)s）") % {
        "name": f"{application.family_name} {application.given_name}",
        "number": application.number or "—",
    }
