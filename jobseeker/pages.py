"""The office's own pages (ハローワーク大口): its menu, as on the flyer, and short section pages."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Office
from .qr import qr_svg


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    template: str = "pages/section.html"


# The flyer's menu, in its order.
SECTIONS = [
    Section("news", _("新着情報")),
    Section("jobs", _("求人情報")),
    Section("insurance", _("雇用保険受給手続き")),
    Section("jobseekers", _("仕事をお探しの方"), "pages/jobseekers.html"),
    Section("employers", _("事業主の方へ")),
    Section("events", _("イベント")),
    Section("publications", _("広報紙・業務統計")),
    Section("sns", _("公式SNSアカウント")),
    Section("access", _("所在地"), "pages/access.html"),
    Section("useful", _("その他お役立ち情報")),
    Section("links", _("関連リンク")),
]
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


def _office() -> Office:
    return Office.objects.get(code=settings.DEFAULT_OFFICE_CODE)


def office_top(request):
    return render(request, "pages/office_top.html", {"office": _office(), "sections": SECTIONS})


def section(request, slug: str):
    if slug not in SECTIONS_BY_SLUG:
        raise Http404
    page = SECTIONS_BY_SLUG[slug]
    return render(request, page.template, {"office": _office(), "section": page})


def help_page(request):
    return render(
        request,
        "pages/help.html",
        {"office": _office(), "draft_retention_days": settings.DRAFT_RETENTION.days},
    )


def flyer(request):
    """The printable A4 flyer; its 2次元コード opens the signup start on the public site."""
    base = settings.PUBLIC_BASE_URL or request.build_absolute_uri("/").rstrip("/")
    signup_url = base + reverse("accounts:start")
    return render(
        request,
        "pages/flyer.html",
        {
            "office": _office(),
            "signup_url": signup_url,
            "qr": qr_svg(
                signup_url, label=_("求職者マイページ開設のページ（%(url)s）") % {"url": signup_url}
            ),
        },
    )
