"""The counter panel at the top of an application's page (#15 item 1): what a clerk checks with
the person at the desk, read-only, and the buttons of the counter's loop, above the edit form.

Everything the template shows is decided here; counter_panel.html only lays it out.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext, pgettext

from ..choices import Status
from ..counter import Validity, unanswered_questions, validity_on
from ..fields import format_birth_date
from ..models import Application
from ..services import valid_until
from .wording import written_day


@dataclass(frozen=True)
class Badge:
    """状態, told by its words, a mark and a shape (static/css/admin.css), not by colour alone."""

    kind: str
    mark: str
    text: str


@dataclass(frozen=True)
class PanelAction:
    """The panel's first button: it posts `name` with the form below, which it saves too."""

    name: str
    label: str
    help: str


@dataclass(frozen=True)
class CounterPanel:
    number: str
    name: str
    kana: str
    birth_date: str
    address: str
    phones: list[tuple[str, str]]
    badge: Badge
    valid_until: str
    # Why the 有効期限 needs attention now ("" when it does not): expired or ending this month.
    validity: str
    validity_note: str
    unanswered: str
    # 窓口で受付完了 for an オンライン登録者, 有効期限を更新 for an expired 利用登録者, else None.
    action: PanelAction | None
    consultation_url: str
    print_url: str
    # The マイページ account's login address, or why there is none to change.
    account_email: str
    no_account: str
    # 「メールアドレスの変更（本人確認済み）」; "" when the clerk may not, or there is no account.
    address_change_url: str


_BADGES = {
    # ✓ a tick for the settled state, ◇ an open shape for the one still to accept, ⚠ a warning.
    Status.ACCEPTED: ("accepted", "✓"),
    Status.ONLINE: ("online", "◇"),
}


def _badge(application: Application, validity: Validity) -> Badge:
    if validity == Validity.EXPIRED:
        return Badge(
            "expired",
            "⚠",
            gettext("有効期限切れ（%(status)s）") % {"status": application.get_status_display()},
        )
    kind, mark = _BADGES[Status(application.status)]
    return Badge(kind, mark, application.get_status_display())


def _validity_note(validity: Validity, status: str, renews_until: date) -> str:
    if validity == Validity.EXPIRED and status == Status.ACCEPTED:
        return gettext(
            "有効期限が過ぎています。「有効期限を更新」を押すと、有効期限を%(date)sまで更新します。"
        ) % {"date": written_day(renews_until)}
    if validity == Validity.EXPIRED:
        return gettext(
            "有効期限が過ぎています。窓口で受付完了にすると、有効期限を%(date)sまで更新します。"
        ) % {"date": written_day(renews_until)}
    if validity == Validity.LAST_MONTH:
        return gettext("今月で有効期限が切れます。今月中の職業相談で1か月延長されます。")
    return ""


def _action(application: Application, validity: Validity, renews_until: date) -> PanelAction | None:
    if application.status == Status.ACCEPTED:
        if validity != Validity.EXPIRED:
            return None
        return PanelAction(
            "_renew",
            gettext("有効期限を更新"),
            gettext(
                "本人確認と登録内容の確認が済んだら押してください。有効期限を%(date)sまで更新します。"
                "下の欄に入力した変更も保存されます。"
            )
            % {"date": written_day(renews_until)},
        )
    if not application.number:
        return None
    if validity == Validity.EXPIRED:
        return PanelAction(
            "_accept",
            gettext("有効期限を更新して窓口で受付完了"),
            gettext(
                "本人確認と登録内容の確認が済んだら押してください。有効期限を%(date)sまで更新し、"
                "申込者は「利用登録者」になります。下の欄に入力した変更も保存されます。"
            )
            % {"date": written_day(renews_until)},
        )
    return PanelAction(
        "_accept",
        gettext("窓口で受付完了"),
        gettext(
            "本人確認と登録内容の確認が済んだら押してください。申込者は「利用登録者」に"
            "なります。下の欄に入力した変更も保存されます。"
        ),
    )


def _unanswered_line(items: list[str]) -> str:
    if not items:
        return gettext("窓口でお聞きする項目は、すべて入力されています。")
    return gettext("未入力：%(items)s") % {"items": pgettext("items asked", "・").join(items)}


def counter_panel(
    application: Application,
    *,
    today: date,
    may_accept: bool,
    consultation_url: str,
    print_url: str,
    address_change_url: str = "",
) -> CounterPanel:
    """The panel for `application` as of `today`. `may_accept`: the clerk may change it (the
    panel offers 受付完了 to an オンライン登録者 with a number, as the service accepts, and
    有効期限を更新 to a 利用登録者 whose registration has expired);
    `consultation_url`: "" when the clerk may not record a 職業相談; `address_change_url`: ""
    when the clerk may not change the account's address (offered only if there is one)."""
    validity = validity_on(application, today)
    renews_until = valid_until(today)
    phones = [
        (str(Application._meta.get_field(name).verbose_name), getattr(application, name))
        for name in ("phone_fixed", "phone_mobile")
        if getattr(application, name)
    ]
    unanswered = unanswered_questions(application)
    street_address = f"{application.prefecture}{application.city}{application.street}"
    return CounterPanel(
        number=application.number or "",
        name=f"{application.family_name} {application.given_name}",
        kana=f"{application.family_name_kana} {application.given_name_kana}",
        birth_date=format_birth_date(application.birth_date),
        address=gettext("〒%(postal_code)s %(address)s")
        % {
            "postal_code": application.postal_code,
            "address": f"{street_address} {application.building}".strip(),
        },
        phones=phones,
        badge=_badge(application, validity),
        valid_until=written_day(application.valid_until) if application.valid_until else "—",
        validity=str(validity) if validity != Validity.VALID else "",
        validity_note=_validity_note(validity, application.status, renews_until),
        unanswered=_unanswered_line(unanswered),
        action=_action(application, validity, renews_until) if may_accept else None,
        consultation_url=consultation_url,
        print_url=print_url,
        account_email=application.user.email if application.user else "",
        no_account=""
        if application.user
        else gettext(
            "なし（マイページを開設していないため、ログイン用メールアドレスの変更はできません）"
        ),
        # A staff login is changed by the system's administrators, never at a counter.
        address_change_url=address_change_url
        if application.user and not application.user.is_staff
        else "",
    )
