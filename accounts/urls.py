from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.start, name="start"),
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/password/", views.SignupPasswordView.as_view(), name="signup_password"),
    path("signup/resend/", views.resend_auth_key, name="signup_resend"),
    path("signup/done/", views.SignupDoneView.as_view(), name="signup_done"),
    path("signup/mynumber/", views.mynumber_info, name="mynumber"),
    path("counter/", views.CounterAccountView.as_view(), name="counter_account"),
    path("counter/cancel/", views.cancel_counter_link, name="counter_cancel"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("email/change/", views.EmailChangeView.as_view(), name="email_change"),
    path("delete/", views.AccountDeletionView.as_view(), name="delete"),
    path("delete/done/", views.account_deleted, name="delete_done"),
    path(
        "email/change/confirm/",
        views.EmailChangeConfirmView.as_view(),
        name="email_change_confirm",
    ),
]
