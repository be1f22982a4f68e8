"""The counter's admin site: Django's, with every password it checks under the login's limits.

Made by CounterAdminConfig once the apps are ready, so it may import forms and views.
"""

from django.contrib import admin
from django.urls import reverse

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
