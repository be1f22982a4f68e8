from django.contrib import admin
from django.urls import include, path

from hellowork.health import health
from hellowork.language import switch_language
from jobseeker import pages

urlpatterns = [
    path("", pages.office_top, name="home"),
    path("office/<slug:slug>/", pages.section, name="section"),
    path("help/", pages.help_page, name="help"),
    path("healthz", health, name="health"),
    path("flyer/", pages.flyer, name="flyer"),
    path("language/", switch_language, name="switch_language"),
    path("account/", include("accounts.urls")),
    path("mypage/", include("jobseeker.urls")),
    path("admin/", admin.site.urls),
    # The mail provider's delivery events; 404 unless ANYMAIL_WEBHOOK_SECRET is set.
    path("anymail/", include("accounts.webhooks")),
]
