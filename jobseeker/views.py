"""The 求職者マイページ."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from . import services, summary
from .models import Application, ApplicationDraft
from .postal import PostalCodeQuery, lookup_address, lookup_message
from .qr import qr_svg
from .wizard.states import unsaved_corrections, with_draft


class MyPageView(LoginRequiredMixin, TemplateView):
    template_name = "jobseeker/mypage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = (
            with_draft(Application.objects.select_related("office"))
            .prefetch_related("qualifications", "work_histories")
            .filter(user=user, number__isnull=False)
            .first()
        )
        if application is None:
            context["has_draft"] = ApplicationDraft.objects.filter(user=user).exists()
            context["draft_retention_days"] = settings.DRAFT_RETENTION.days
            return context
        context.update(
            application=application,
            office=application.office,
            qr=qr_svg(
                application.number, label=_("求職番号 %(number)s") % {"number": application.number}
            ),
            expired=application.valid_until < timezone.localdate(),
            renewal_date=services.renewal_date(application),
            sections=summary.sections(application),
            unsaved_corrections=unsaved_corrections(application),
        )
        return context


class PrintView(LoginRequiredMixin, TemplateView):
    """申込内容の印刷 (#17 item 4): what the account registered, on one A4 sheet to bring to the
    counter; the browser prints it (static/css/mypage-print.css), no PDF is made."""

    template_name = "jobseeker/print.html"

    def get(self, request, *args, **kwargs):
        self.application = (
            Application.objects.select_related("office")
            .prefetch_related("qualifications", "work_histories")
            .filter(user=request.user, number__isnull=False)
            .first()
        )
        if self.application is None:
            # Nothing registered yet: the マイページ says how to apply.
            return redirect("jobseeker:mypage")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        application = self.application
        return super().get_context_data(
            application=application,
            office=application.office,
            qr=qr_svg(
                application.number, label=_("求職番号 %(number)s") % {"number": application.number}
            ),
            expired=application.valid_until < timezone.localdate(),
            sections=summary.sections(application),
            printed_on=timezone.localdate(),
            **kwargs,
        )


@require_POST
@login_required
def discard_correction(request):
    """「変更をやめて登録内容に戻す」 on the マイページ: the account's own draft only (no id is
    posted), back to what is registered."""
    if services.discard_correction(request.user):
        messages.success(request, _("変更をやめて、登録内容に戻しました。"))
    return redirect("jobseeker:mypage")


@require_GET
def postal_address(request):
    """住所検索 for the script on 基本情報: {"address": {field: value}, "message"} or a message,
    with how to show it ("kind": success, warning or error) and the field to type in next
    ("focus"); an answer without "kind" makes the script fall back to the form.

    Without the script the same button reloads the step (ApplicationWizard.fill_address).
    """
    if not request.user.is_authenticated:
        # A JSON answer, not the login page: the script then falls back to the form.
        response = JsonResponse({"message": _("ログインしてください。")}, status=401)
        add_never_cache_headers(response)
        return response
    query = PostalCodeQuery(request.GET)
    retype = {"kind": "error", "focus": "postal_code"}
    if not query.is_valid():
        response = JsonResponse({"message": query.errors["code"][0], **retype}, status=400)
    else:
        address = lookup_address(query.cleaned_data["code"])
        message = lookup_message(address)
        answer = {"message": str(message.text), "kind": message.kind, "focus": message.focus}
        if address is None:
            response = JsonResponse(answer, status=404)
        else:
            response = JsonResponse({"address": address.form_values(), **answer})
    # Japan Post's table changes only with a new release of the app; the message is in the
    # account's language, so only this browser may keep it.
    patch_cache_control(response, private=True, max_age=3600)
    return response
