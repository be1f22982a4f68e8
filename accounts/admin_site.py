"""The counter's admin site: Django's, with every password it checks under the login's limits,
opening where a staff member's work is (hooks.admin_home) and without a side menu of one app.

Made by CounterAdminConfig once the apps are ready, so it may import forms and views.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from . import hooks
from .forms.login import StaffLoginForm
from .views.password import StaffPasswordChangeView


class CounterAdminSite(admin.AdminSite):
    """Staff log in under the job seekers' limits (StaffLoginForm) and change their password on
    a page whose wrong current passwords count against the same limit, which Django's own
    page does not (StaffPasswordChangeView)."""

    login_form = StaffLoginForm

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return StaffPasswordChangeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            template_name="registration/password_change_form.html",
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

    def index(self, request, extra_context=None):
        home = hooks.admin_home(request)
        if home:
            return HttpResponseRedirect(home)
        return super().index(request, extra_context)

    def each_context(self, request):
        context = super().each_context(request)
        # A side menu with one app in it only repeats the breadcrumbs, and at 1366 px it takes
        # a quarter of the width the list needs (#15 item 3).
        if len(context["available_apps"]) <= 1:
            context["is_nav_sidebar_enabled"] = False
        return context
