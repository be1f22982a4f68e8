"""「メールアドレスの変更（本人確認済み）」 (issue #16 item 4): a clerk of the application's office,
having checked the person's identity at the counter, starts a change of the login address of
their account (services.start_address_change_at_counter), then follows it on a page that says
what the person does next and where the key's mail is.

Each view takes the ApplicationAdmin, as admin.views' do, so another office's application is a
404 (OwnOfficeMixin) and a clerk who may not change it gets a 403.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import counter_address, throttle
from accounts.counter_address import StartOutcome
from accounts.fields import MailAddressField
from accounts.models import AuthKeyState

from .. import services
from ..fields import FullWidthCharField
from .displays import mail_line
from .wording import written_moment

TEMPLATES = "admin/jobseeker/application/"


def urls(model_admin) -> list:
    """The pages' paths, to put before ModelAdmin.get_urls' own (as admin.views.urls)."""
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"

    def wrap(view):
        def wrapped(request, object_id):
            return view(model_admin, request, object_id)

        return model_admin.admin_site.admin_view(wrapped)

    return [
        path(
            "<path:object_id>/address-change/",
            wrap(start_address_change),
            name=f"{prefix}_address_change",
        ),
        path(
            "<path:object_id>/address-change/sent/",
            wrap(address_change_sent),
            name=f"{prefix}_address_change_sent",
        ),
    ]


class AddressChangeForm(forms.Form):
    email = MailAddressField(
        label=_("新しいメールアドレス"),
        help_text=_("申込者が今受け取れるメールアドレス。全角で入力しても半角に直します。"),
    )
    email_confirm = MailAddressField(
        label=_("新しいメールアドレス（確認用）"),
        help_text=_("確認のため、申込者にもう一度読み上げてもらい、入力してください。"),
    )
    reason = FullWidthCharField(
        label=_("本人確認と変更の理由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "確認した本人確認書類と、変更する理由を記録します（例：本人確認書類：運転免許証。"
            "旧アドレスが使えなくなったため）。全角200文字以内。"
        ),
        error_messages={"required": _("確認した本人確認書類と、変更する理由を入力してください。")},
    )

    def __init__(self, *args, current_email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = current_email

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email == self.current_email:
            raise forms.ValidationError(
                _(
                    "今のログイン用メールアドレスと同じです。新しいメールアドレスを入力してください。"
                )
            )
        return email

    def clean(self):
        cleaned = super().clean()
        email, confirm = cleaned.get("email"), cleaned.get("email_confirm")
        if email and confirm and email != confirm:
            self.add_error(
                "email_confirm",
                _(
                    "「新しいメールアドレス」と「新しいメールアドレス（確認用）」が一致しません。"
                    "申込者と一緒に確かめてください。"
                ),
            )
        return cleaned

    def add_refusal(self, started: counter_address.StartedChange) -> None:
        """Why the service sent no key, next to the field it concerns."""
        if started.outcome == StartOutcome.TAKEN:
            self.add_error(
                "email",
                _(
                    "このメールアドレスは、別のマイページのアカウントで使われています。"
                    "別のメールアドレスを申込者に確かめてください。"
                ),
            )
        elif started.outcome == StartOutcome.SAME:
            self.add_error("email", _("今のログイン用メールアドレスと同じです。"))
        else:
            self.add_error(
                None,
                _(
                    "認証キーの送信が短時間に続いたため、一時的に送信を停止しています。"
                    "約%(minutes)d分後にもう一度お試しください。"
                )
                % {"minutes": started.retry_minutes},
            )


def _application(model_admin, request, object_id):
    """The application, for a clerk who may change it; another office's is a 404."""
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404
    if not model_admin.has_change_permission(request, application):
        raise PermissionDenied
    return application


def _url(model_admin, name: str, application) -> str:
    return reverse(
        f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_{name}",
        args=[application.pk],
        current_app=model_admin.admin_site.name,
    )


def _render(model_admin, request, template: str, application, **context):
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(
        request,
        TEMPLATES + template,
        {
            **model_admin.admin_site.each_context(request),
            "title": gettext("メールアドレスの変更（本人確認済み）"),
            "opts": model_admin.opts,
            "original": application,
            "change_url": _url(model_admin, "change", application),
            **context,
        },
    )


def start_address_change(model_admin, request, object_id):
    """The new address, twice, and the reason; a key goes to the new address, and the clerk
    is shown what happens next (address_change_sent)."""
    application = _application(model_admin, request, object_id)
    if application.user is None:
        return _render(model_admin, request, "address_change_form.html", application)
    if application.user.is_staff:
        # A staff login is changed by the system's administrators, never at a counter.
        raise PermissionDenied
    form = AddressChangeForm(request.POST or None, current_email=application.user.email)
    if request.method == "POST" and form.is_valid():
        started = services.start_address_change_at_counter(
            application,
            request.user,
            email=form.cleaned_data["email"],
            reason=form.cleaned_data["reason"],
            client=throttle.client_address(request),
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )
        if started.outcome == StartOutcome.SENT:
            return HttpResponseRedirect(_url(model_admin, "address_change_sent", application))
        form.add_refusal(started)
    return _render(
        model_admin,
        request,
        "address_change_form.html",
        application,
        form=form,
        # Laid out as the admin's change forms are (the consultation form does the same).
        adminform=helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
        latest=_status(counter_address.latest_change(application.user)),
    )


@dataclass(frozen=True)
class ChangeStatus:
    """Where the counter's latest change of the address stands, as the clerk reads it."""

    email: str
    # "waiting" (the person has the key to enter), "done", or "ended" (the key no longer works).
    stage: str
    summary: str
    expires_at: str
    mail: str


_ENDED = {
    AuthKeyState.EXPIRED: _("認証キーの有効期限が過ぎました。"),
    AuthKeyState.BURNED: _("認証キーの入力を5回間違えたため、認証キーは使えなくなりました。"),
    AuthKeyState.SUPERSEDED: _("この後に、別の認証キーを送信しました。"),
}


def _status(latest: counter_address.PendingChange | None) -> ChangeStatus | None:
    if latest is None:
        return None
    if latest.state == AuthKeyState.ACTIVE:
        stage, summary = "waiting", gettext("申込者が認証キーを入力するのを待っています。")
    elif latest.state == AuthKeyState.USED:
        stage = "done"
        summary = gettext(
            "申込者が認証キーを入力し、ログイン用メールアドレスは %(email)s になりました。"
        ) % {"email": latest.email}
    else:
        stage, summary = "ended", str(_ENDED[latest.state])
    return ChangeStatus(
        email=latest.email,
        stage=stage,
        summary=summary,
        expires_at=written_moment(latest.expires_at),
        mail=mail_line(latest.key_mail) if latest.key_mail else gettext("記録なし"),
    )


def address_change_sent(model_admin, request, object_id):
    """What the clerk tells the person now, and where the key and its mail stand (reloaded
    by the clerk while the person waits at the counter)."""
    application = _application(model_admin, request, object_id)
    latest = application.user and counter_address.latest_change(application.user)
    if not latest:
        return HttpResponseRedirect(_url(model_admin, "address_change", application))
    return _render(
        model_admin,
        request,
        "address_change_sent.html",
        application,
        status=_status(latest),
        lifetime_minutes=int((latest.expires_at - latest.sent_at).total_seconds() // 60),
        start_url=_url(model_admin, "address_change", application),
        now=written_moment(timezone.now()),
    )
