"""The page after a clerk registers a walk-in applicant at the counter (#15 item 5): the person is
a 利用登録者 already (services.register_at_counter); the page says how they open a マイページ
later, on 求職者マイページ開設（アカウント登録手続きの方） (jobseeker/counter_link/) with the
求職番号 and 生年月日 it shows, and a 2次元コード of that page for the person's phone.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from ..fields import format_birth_date
from ..models import AuditRecord
from ..qr import qr_svg


@dataclass(frozen=True)
class MyPageDirections:
    """What the clerk tells (or shows) the person, to open a マイページ on their own later."""

    name: str
    number: str
    birth_date: str
    page_title: str
    page_url: str
    page_qr: SafeString


def directions(request, application) -> MyPageDirections:
    page_url = request.build_absolute_uri(reverse("counter_link:start"))
    title = gettext("求職者マイページ開設（アカウント登録手続きの方）")
    return MyPageDirections(
        name=f"{application.family_name} {application.given_name}",
        number=application.number,
        birth_date=format_birth_date(application.birth_date),
        page_title=title,
        page_url=page_url,
        page_qr=qr_svg(page_url, label=gettext("%(title)sのページ") % {"title": title}),
    )


def urls(model_admin) -> list:
    """The page's path, to put before ModelAdmin.get_urls' own (as admin.views.urls)."""
    opts = model_admin.opts

    def view(request, object_id):
        return registered(model_admin, request, object_id)

    return [
        path(
            "<path:object_id>/registered/",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_registered",
        )
    ]


def registered(model_admin, request, object_id):
    """Shown once a clerk saved a new application; any application of the clerk's office can be
    shown again (another office's is a 404, OwnOfficeMixin)."""
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404
    if not model_admin.has_view_permission(request, application):
        raise PermissionDenied
    info = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    change_url = reverse(
        f"{info}_change", args=[application.pk], current_app=model_admin.admin_site.name
    )
    if application.user_id is not None:
        # Linked to a マイページ already: there is nothing to tell.
        return HttpResponseRedirect(change_url)
    # It shows the 生年月日: an opening like the record's own (ApplicationAdmin.change_view).
    AuditRecord.objects.create(
        staff=request.user, action=AuditRecord.Action.VIEW, application=application
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("窓口で登録しました"),
        "opts": model_admin.opts,
        "original": application,
        "directions": directions(request, application),
        "change_url": change_url,
        "print_url": reverse(
            f"{info}_print", args=[application.pk], current_app=model_admin.admin_site.name
        ),
        "add_url": reverse(f"{info}_add", current_app=model_admin.admin_site.name),
        "changelist_url": reverse(f"{info}_changelist", current_app=model_admin.admin_site.name),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/jobseeker/application/registered.html", context)
