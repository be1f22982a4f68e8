"""A way back for a lost mailbox (issue #16 item 4): a clerk of the applicant's office, after
checking identity at the counter, starts a change of the account's login address; the key mailed
to the new address, entered on a page that needs no login, makes it the account's address."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.counter_address import (
    confirm_counter_address_change,
    start_counter_address_change,
)
from accounts.keys import KeyOutcome
from accounts.models import Passkey, TrustedBrowser, User
from jobseeker.models import Application, AuditRecord

from .conftest import PASSWORD, sent_key
from .factories import demo_office, make_application, staff_of
from .test_counter_admin import CHANGELIST
from .test_counter_history import flat, history

pytestmark = pytest.mark.django_db

NEW = "alice.new@example.jp"
REASON = "本人確認書類：運転免許証。旧アドレスが使えなくなったため"
CONFIRM = "/account/email/office/confirm/"


@pytest.fixture
def application(oguchi, alice) -> Application:
    """alice's application at 大口; her mailbox alice@example.jp no longer works."""
    return make_application(oguchi, 18, user=alice)


def start_url(application) -> str:
    return f"{CHANGELIST}{application.pk}/address-change/"


def start(client, application, new=NEW, confirm=None, reason=REASON):
    data = {"email": new, "email_confirm": confirm or new, "reason": reason}
    return client.post(start_url(application), data)


def mail_link(message) -> str:
    """The link of the key mail, as the phone opens it: path and query."""
    url = urlsplit(re.search(r"https?://\S+", message.body).group(0))
    return f"{url.path}?{url.query}"


def enter_key(phone, key, email=NEW):
    return phone.post(CONFIRM, {"email": email, "auth_key": key})


# -- who may start it -----------------------------------------------------------------------------


def test_the_panel_offers_the_change_next_to_the_accounts_address(client, staff, application):
    page = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    panel = page[page.index('class="counter-panel"') : page.index("</section>")]
    assert "alice@example.jp" in panel
    assert f'href="{start_url(application)}"' in panel
    assert "メールアドレスの変更（本人確認済み）" in panel


def test_without_an_account_there_is_no_button_and_the_pages_say_why(client, staff, oguchi):
    walk_in = make_application(oguchi, 26)
    page = client.get(f"{CHANGELIST}{walk_in.pk}/change/").content.decode()
    assert "マイページを開設していないため、ログイン用メールアドレスの変更はできません" in page
    assert start_url(walk_in) not in page
    page = client.get(start_url(walk_in)).content.decode()
    assert "マイページのアカウントを開設していないため" in page
    assert 'name="email"' not in page


def test_another_offices_staff_get_a_404_and_send_nothing(client, fukuoka, application):
    client.force_login(staff_of(fukuoka, "staff@fukuoka.example.jp"))
    assert client.get(start_url(application)).status_code == 404
    assert start(client, application).status_code == 404
    assert client.get(f"{start_url(application)}sent/").status_code == 404
    assert mail.outbox == []


def test_a_clerk_who_may_only_view_gets_a_403(client, staff, application):
    staff.groups.clear()
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="jobseeker", codename="view_application")
    )
    assert client.get(start_url(application)).status_code == 403
    assert start(client, application).status_code == 403
    panel = client.get(f"{CHANGELIST}{application.pk}/change/").content.decode()
    assert start_url(application) not in panel


def test_the_public_is_sent_to_the_admin_login(client, application):
    response = client.get(start_url(application))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# -- the clerk's form -----------------------------------------------------------------------------


def test_the_reason_is_required_and_what_was_typed_stays(client, staff, application):
    page = start(client, application, reason="").content.decode()
    assert "確認した本人確認書類と、変更する理由を入力してください。" in page
    assert f'value="{NEW}"' in page
    assert mail.outbox == []
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL_AT_COUNTER).exists()


def test_the_two_addresses_must_match(client, staff, application):
    page = start(client, application, confirm="alice.neu@example.jp").content.decode()
    assert "一致しません" in page
    assert mail.outbox == []


def test_an_address_of_another_account_is_refused_with_a_clear_message(client, staff, application):
    User.objects.create_user(email="taken@example.jp", password=PASSWORD)
    page = start(client, application, "taken@example.jp").content.decode()
    assert "このメールアドレスは、別のマイページのアカウントで使われています。" in page
    assert mail.outbox == []


def test_the_current_address_is_not_a_change(client, staff, application):
    page = start(client, application, "alice@example.jp").content.decode()
    assert "今のログイン用メールアドレスと同じです" in page
    assert mail.outbox == []


def test_the_key_goes_to_the_new_address_only_with_a_link_that_holds_no_key(
    client, staff, application, alice
):
    response = start(client, application, "ＡＬＩＣＥ．ＮＥＷ＠ｅｘａｍｐｌｅ．ｊｐ ")
    assert response.url == f"{start_url(application)}sent/"
    [message] = mail.outbox
    assert message.to == [NEW]
    key = sent_key(message)
    link = mail_link(message)
    assert link.startswith(f"{CONFIRM}?address=")
    assert key not in link
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_the_start_is_audited_with_the_clerk_and_the_reason(client, staff, application):
    start(client, application)
    [record] = AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL_AT_COUNTER)
    assert record.staff == staff
    assert record.application == application
    assert record.changes == {"requested_email": [None, NEW], "reason": [None, REASON]}
    [row] = [flat(r) for r in history(client, application) if "変更を始めました" in flat(r)[2]]
    assert row[1] == "staff@oguchi.example.jp"
    assert f"新しいメールアドレス：{NEW}" in row[2]
    assert "理由：本人確認書類：運転免許証。旧アドレスが使えなくなったため" in row[2]


def test_the_sent_page_says_what_happens_next_and_where_the_mail_is(client, staff, application):
    start(client, application)
    page = client.get(f"{start_url(application)}sent/").content.decode()
    assert "申込者が認証キーを入力するのを待っています。" in page
    assert f"{NEW} に届いた" in page
    assert "送信から50分間" in page
    assert f"を {NEW} へ送信：送信済み" in page
    assert "ログインは不要です" in page


def test_the_sent_page_says_when_the_person_has_confirmed(client, staff, application):
    start(client, application)
    enter_key(Client(), sent_key())
    page = client.get(f"{start_url(application)}sent/").content.decode()
    assert f"ログイン用メールアドレスは {NEW} になりました" in page


def test_the_sent_page_without_a_change_leads_to_the_form(client, staff, application):
    response = client.get(f"{start_url(application)}sent/")
    assert response.url == start_url(application)


# -- the person's confirmation ---------------------------------------------------------------------


def test_the_link_fills_in_the_address_and_asks_for_the_key(client, staff, application):
    start(client, application)
    page = Client().get(mail_link(mail.outbox[-1])).content.decode()
    assert f'value="{NEW}"' in page
    assert 'name="auth_key"' in page
    assert "認証キーは窓口で送り直します" in page


def test_the_address_changes_only_with_the_key(client, staff, application, alice):
    start(client, application)
    key = sent_key()
    phone = Client()
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"
    response = enter_key(phone, f"【{key.lower()}】")
    assert response.url == "/account/email/office/done/"
    alice.refresh_from_db()
    assert alice.email == NEW
    page = phone.get(response.url).content.decode()
    assert f"ログイン用メールアドレスを <strong>{NEW}</strong> に変更しました" in page
    assert Client().login(email=NEW, password=PASSWORD)


def test_the_old_address_is_told_without_the_whole_new_address(client, staff, application):
    start(client, application)
    enter_key(Client(), sent_key())
    notice = mail.outbox[-1]
    assert notice.to == ["alice@example.jp"]
    assert "窓口で本人確認を行ったうえで" in notice.body
    assert "a***@example.jp" in notice.body
    assert NEW not in notice.body
    assert "心当たりのない方は" in notice.body


def test_the_person_is_logged_out_everywhere_and_no_browser_or_passkey_stays(
    client, staff, application, alice
):
    logged_in = Client()
    logged_in.force_login(alice)
    assert logged_in.get("/mypage/").status_code == 200
    TrustedBrowser.objects.create(user=alice, token_digest="a" * 64, description="Chrome")
    Passkey.objects.create(
        user=alice, credential_id="AAAA", public_key=b"k", user_handle="h" * 43, name="iPhone"
    )
    start(client, application)
    enter_key(Client(), sent_key())
    assert logged_in.get("/mypage/").status_code == 302
    assert not TrustedBrowser.objects.filter(user=alice).exists()
    assert not Passkey.objects.filter(user=alice).exists()


def test_the_change_is_in_the_history_as_the_persons_own_with_the_key(client, staff, application):
    start(client, application)
    enter_key(Client(), sent_key())
    [row] = [flat(r) for r in history(client, application) if "認証キーで確定" in flat(r)[2]]
    assert row[1] == "本人（認証キー）"
    assert f"ログイン用メールアドレス：alice@example.jp → {NEW}" in row[2]


def test_a_wrong_key_is_counted_and_the_fifth_burns_it(client, staff, application, alice):
    start(client, application)
    key = sent_key()
    phone = Client()
    page = enter_key(phone, "WRONGKEY22").content.decode()
    assert "あと4回間違えると" in page
    assert f'value="{NEW}"' in page
    for _ in range(4):
        page = enter_key(phone, "WRONGKEY22").content.decode()
    assert "窓口で送信します" in page
    enter_key(phone, key)
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_an_expired_key_is_refused(client, staff, application, alice):
    start(client, application)
    key = sent_key()
    with time_machine.travel(timezone.now() + timedelta(minutes=51)):
        page = enter_key(Client(), key).content.decode()
    assert "有効期限（送信から50分）が過ぎています" in page
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_a_used_key_moves_nothing_again(client, staff, application):
    start(client, application)
    key = sent_key()
    enter_key(Client(), key)
    assert "変更済みです" in enter_key(Client(), key).content.decode()


def test_another_accounts_key_cannot_move_this_one(client, staff, oguchi, application, alice):
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    bobs = make_application(oguchi, 26, user=bob)
    start(client, bobs, "bob.new@example.jp")
    bobs_key = sent_key()
    start(client, application)
    enter_key(Client(), bobs_key)  # for alice's new address
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.email, bob.email) == ("alice@example.jp", "bob@example.jp")


def test_of_two_accounts_sent_to_one_address_the_key_moves_its_own(
    client, staff, oguchi, application, alice
):
    bob = User.objects.create_user(email="bob@example.jp", password=PASSWORD)
    bobs = make_application(oguchi, 26, user=bob)
    start(client, bobs, "shared@example.jp")
    bobs_key = sent_key()
    start(client, application, "shared@example.jp")
    alices_key = sent_key()
    enter_key(Client(), bobs_key, "shared@example.jp")
    bob.refresh_from_db()
    assert bob.email == "shared@example.jp"
    page = enter_key(Client(), alices_key, "shared@example.jp").content.decode()
    assert "別のアカウントで使われているため、変更できませんでした" in page
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_a_new_start_withdraws_the_key_sent_to_a_mistyped_address(
    client, staff, application, alice
):
    start(client, application, "alice.nwe@example.jp")
    mistyped_key = sent_key()
    start(client, application)
    page = enter_key(Client(), mistyped_key, "alice.nwe@example.jp").content.decode()
    assert "窓口で新しい認証キーを送信したため使えません" in page
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_an_address_without_a_change_answers_as_a_first_wrong_key_does(client, staff):
    page = enter_key(Client(), "WRONGKEY22", "nobody@example.jp").content.decode()
    assert "認証キーが正しくありません" in page
    assert "あと5回間違えると" in page


def test_checks_are_limited_per_client(settings, client, staff, application, alice):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "auth_key_check_per_client": (2, timedelta(hours=1)),
    }
    start(client, application)
    key = sent_key()
    phone = Client()
    enter_key(phone, "WRONGKEY22")
    enter_key(phone, "WRONGKEY22")
    assert "一時的に受け付けを停止しています" in enter_key(phone, key).content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_a_counter_key_does_not_work_on_the_self_service_page(client, staff, application, alice):
    start(client, application)
    key = sent_key()
    own = Client()
    own.force_login(alice)
    own.post("/account/email/change/", {"email": NEW, "email_confirm": NEW, "password": PASSWORD})
    own.post("/account/email/change/confirm/", {"auth_key": key})
    alice.refresh_from_db()
    assert alice.email == "alice@example.jp"


def test_the_self_service_change_still_works(application, alice):
    own = Client()
    own.force_login(alice)
    own.post("/account/email/change/", {"email": NEW, "email_confirm": NEW, "password": PASSWORD})
    own.post("/account/email/change/confirm/", {"auth_key": sent_key()})
    alice.refresh_from_db()
    assert alice.email == NEW
    assert AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL).count() == 1


def test_deleting_the_account_keeps_who_started_the_change_and_why_not_the_address(
    client, staff, application, alice
):
    start(client, application)
    enter_key(Client(), sent_key())
    alice.refresh_from_db()
    own = Client()
    own.force_login(alice)
    own.post("/account/delete/", {"password": PASSWORD})
    [record] = AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL_AT_COUNTER)
    assert record.staff == staff
    assert NEW not in str(record.changes)
    assert not AuditRecord.objects.filter(action=AuditRecord.Action.EMAIL_BY_KEY).exists()


def test_the_notice_is_in_the_language_of_the_confirmation_page(client, staff, application):
    start(client, application)
    phone = Client()
    phone.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    enter_key(phone, sent_key())
    notice = mail.outbox[-1]
    assert notice.subject == "[Hello Work] Your email address was changed at the counter"
    assert "a***@example.jp" in notice.body


# -- at the same moment ---------------------------------------------------------------------------

needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_one_key_entered_twice_at_once_changes_the_address_once():
    # Not the oguchi fixture: a transactional test before this one may have flushed the office.
    user = User.objects.create_user(email="alice@example.jp", password=PASSWORD)
    application = make_application(demo_office(), 18, user=user)
    start_counter_address_change(user=user, email=NEW, client="", site_url="http://testserver")
    key = sent_key()
    ready = threading.Barrier(2)

    def confirm(_):
        try:
            ready.wait(10)
            return confirm_counter_address_change(email=NEW, key=key, client="").outcome
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(confirm, range(2)))
    assert outcomes == [KeyOutcome.OK, KeyOutcome.USED]
    user.refresh_from_db()
    assert user.email == NEW
    assert application.audit_records.filter(action=AuditRecord.Action.EMAIL_BY_KEY).count() == 1
    assert [m.to for m in mail.outbox[1:]] == [["alice@example.jp"]]
