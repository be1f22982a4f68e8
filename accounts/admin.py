from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import DeliveryAttempt, MailEvent, SentMail, User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "office", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "office"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("職員"), {"fields": ["is_staff", "name", "office", "groups"]}),
        (_("状態"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]

    def user_change_password(self, request, id, form_url=""):
        # One's own password is changed where the current one is asked for and wrong ones are
        # counted (accounts.admin_site), not here, where a session left open would do.
        if str(request.user.pk) == id:
            return redirect("admin:password_change")
        return super().user_change_password(request, id, form_url)

    def has_delete_permission(self, request, obj=None):
        # Personal data is deleted only by its owner or when it expires (accounts.lifecycle);
        # a staff login is closed by unticking 有効, which keeps its audit trail.
        return False


class MailEventInline(admin.TabularInline):
    model = MailEvent
    fields = ["occurred_at", "status", "detail", "esp_name", "received_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["attempted_at", "outcome", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: nobody adds, changes or deletes it in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentMail)
class SentMailAdmin(ReadOnlyAdmin):
    """Every mail queued, each try at sending it and its delivery state, read-only: what the
    site and the provider said.

    Only superusers see it (the 窓口職員 group has no right on it); counter staff see the mails
    of an application on its page.
    """

    list_display = ["sent_at", "to", "tag", "status", "status_at"]
    list_filter = ["status", "tag"]
    search_fields = ["to", "esp_message_id"]
    date_hierarchy = "sent_at"
    fields = [
        "to",
        "tag",
        "sent_at",
        "send_before",
        "next_attempt_at",
        "esp_message_id",
        "status",
        "status_at",
        "status_detail",
    ]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline, MailEventInline]
