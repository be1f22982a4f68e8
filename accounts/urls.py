from django.urls import path

from .views import (
    browsers,
    counter_address,
    deletion,
    email_change,
    login,
    login_code,
    passkeys,
    password,
    session,
    signup,
)

app_name = "accounts"

urlpatterns = [
    path("", signup.start, name="start"),
    path("signup/", signup.SignupView.as_view(), name="signup"),
    path("signup/password/", signup.SignupPasswordView.as_view(), name="signup_password"),
    path("signup/resend/", signup.resend_auth_key, name="signup_resend"),
    path("signup/done/", signup.SignupDoneView.as_view(), name="signup_done"),
    path("signup/mynumber/", signup.mynumber_info, name="mynumber"),
    # /account/counter/ (a signup that links a counter-made application): jobseeker.counter_link
    path("login/", login.LoginView.as_view(), name="login"),
    path("login/code/", login_code.LoginCodeView.as_view(), name="login_code"),
    path("browsers/", browsers.TrustedBrowsersView.as_view(), name="browsers"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
    path("session/", session.session_end, name="session_end"),
    path("password/reset/", password.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", password.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        password.password_reset_complete,
        name="password_reset_complete",
    ),
    path("password/change/", password.PasswordChangeView.as_view(), name="password_change"),
    path("email/change/", email_change.EmailChangeView.as_view(), name="email_change"),
    # A change of address the counter started (the person cannot log in): no login.
    path(
        "email/office/confirm/",
        counter_address.CounterAddressConfirmView.as_view(),
        name="counter_address_confirm",
    ),
    path(
        "email/office/done/",
        counter_address.CounterAddressDoneView.as_view(),
        name="counter_address_done",
    ),
    path("delete/", deletion.AccountDeletionView.as_view(), name="delete"),
    path("delete/done/", deletion.account_deleted, name="delete_done"),
    path(
        "email/change/confirm/",
        email_change.EmailChangeConfirmView.as_view(),
        name="email_change_confirm",
    ),
    # Passkeys (accounts.passkeys): the マイページ's list, and the JSON the script posts.
    path("passkeys/", passkeys.PasskeyListView.as_view(), name="passkeys"),
    path("passkeys/<int:pk>/rename/", passkeys.PasskeyRenameView.as_view(), name="passkey_rename"),
    path("passkeys/<int:pk>/delete/", passkeys.PasskeyDeleteView.as_view(), name="passkey_delete"),
    path(
        "passkeys/register/options/",
        passkeys.registration_options,
        name="passkey_registration_options",
    ),
    path("passkeys/register/", passkeys.register, name="passkey_register"),
    path("passkeys/login/options/", passkeys.login_options, name="passkey_login_options"),
    path("passkeys/login/", passkeys.log_in, name="passkey_login"),
]
