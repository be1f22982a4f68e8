"""The counter's admin site: Django's, with every password it checks under the login's limits,
opening where a staff member's work is (hooks.admin_home) and without a side menu of one app.

Made by CounterAdminConfig once the apps are ready, so it may import forms and views.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import hooks
from .forms.login import StaffLoginForm
from .views.login_code import LoginCodeView, SecondStepLoginMixin
from .views.password import StaffPasswordChangeView


class StaffLoginView(SecondStepLoginMixin, auth_views.LoginView):
    """Staff hold personal data: their right password also asks for the mailed code
    (issue #16 item 3), or a counter PC they trust."""

    code_page = "admin:login_code"

    def get_default_redirect_url(self):
        return reverse("admin:index")


class CounterAdminSite(admin.AdminSite):
    """Staff log in under the job seekers' limits (StaffLoginForm) and change their password on
    a page whose wrong current passwords count against the same limit, which Django's own
    page does not (StaffPasswordChangeView)."""

    login_form = StaffLoginForm

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        # Django's AdminSite.login, with StaffLoginView in place of Django's LoginView.
        redirect_url = StaffLoginView().get_redirect_url(request) or reverse(
            "admin:index", current_app=self.name
        )
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(redirect_url)
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            REDIRECT_FIELD_NAME: redirect_url,
            **(extra_context or {}),
        }
        request.current_app = self.name
        return StaffLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form,
            template_name="admin/login.html",
        )(request)

    @method_decorator(login_not_required)
    def login_code(self, request):
        request.current_app = self.name
        return LoginCodeView.as_view(
            template_name="admin/login_code.html",
            login_page="admin:login",
            extra_context={**self.each_context(request), "title": _("ワンタイムパスワードの入力")},
        )(request)

    def get_urls(self):
        # Before Django's own, whose catch-all would take the path.
        return [path("login/code/", self.login_code, name="login_code"), *super().get_urls()]

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
