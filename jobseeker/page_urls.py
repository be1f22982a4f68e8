"""The office's own pages (jobseeker.pages), at the site's root (hellowork.urls includes them)."""

from django.urls import path

from . import pages

urlpatterns = [
    path("", pages.office_top, name="home"),
    path("office/<slug:slug>/", pages.section, name="section"),
    path("help/", pages.help_page, name="help"),
    path("flyer/", pages.flyer, name="flyer"),
]
