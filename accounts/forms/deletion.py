"""アカウントを削除する: the current password, so that a session left open cannot delete it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..fields import PasswordField
from ..models import User
from .password import CurrentPasswordMixin


class AccountDeletionForm(CurrentPasswordMixin, forms.Form):
    """The current password, so that a session left open cannot delete the account."""

    password = PasswordField(
        label=_("現在のパスワード"), autocomplete="current-password", render_value=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        return self.verify_current_password(self.cleaned_data["password"])
