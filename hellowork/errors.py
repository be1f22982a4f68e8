"""The 403 and 404 pages: the counter's own, in the admin's layout with a way back to its
list, for a staff member on a page of /admin/ (another office's record, a page their group may
not open: #15 item 8); the site's (templates/403.html, 404.html) for everyone else."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults


def _at_the_counter(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_staff) and request.path.startswith(reverse("admin:index"))


def _counter_page(request, template: str, status: int):
    return render(request, template, admin.site.each_context(request), status=status)


def permission_denied(request, exception):
    if _at_the_counter(request):
        return _counter_page(request, "admin/403.html", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _at_the_counter(request):
        return _counter_page(request, "admin/404.html", 404)
    return defaults.page_not_found(request, exception)
