from django.contrib import admin
from django.urls import include, path

from hellowork.health import health
from jobseeker import pages

urlpatterns = [
    path("", pages.office_top, name="home"),
    path("office/<slug:slug>/", pages.section, name="section"),
    path("help/", pages.help_page, name="help"),
    path("healthz", health, name="health"),
    path("flyer/", pages.flyer, name="flyer"),
    path("account/", include("accounts.urls")),
    path("mypage/", include("jobseeker.urls")),
    path("admin/", admin.site.urls),
]
