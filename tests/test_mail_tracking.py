"""What the mail provider reports after sending: its tracking webhook, the key pages' bounce
notice, the counter's view of it; a provider that fails while sending; and a password reset
whose response cannot tell whether the address has an account.

Mail is sent through anymail's real Postmark and Mailgun backends with the provider's HTTP
answer stubbed (nothing leaves the machine), and the webhooks are posted as those providers
post them, so the message id the site records is the one the provider's events carry.
"""

import base64
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime

import pytest
import requests
from django.test import Client

from accounts.models import MailEvent, SentMail, User

from .conftest import PASSWORD, request_key
from .factories import make_application

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "hellowork-hook:0Vx3-long-random-secret"
MAILGUN_SIGNING_KEY = "mailgun-webhook-signing-key-for-tests"
POSTMARK_URL = "/anymail/postmark/tracking/"
MAILGUN_URL = "/anymail/mailgun/tracking/"
UNDELIVERED_NOTICE = (
    "認証キーのメールが届きませんでした（宛先不明など）。メールアドレスをご確認ください"
)


def basic_auth(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def provider_answers(monkeypatch, status: int, body: dict) -> list[dict]:
    """Every HTTP call of an anymail backend gets this answer; returns the calls made."""
    calls = []

    def answer(session, method, url, **kwargs):
        calls.append({"method": method, "url": url, **kwargs})
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = url
        return response

    monkeypatch.setattr(requests.Session, "request", answer)
    return calls


@pytest.fixture
def postmark(settings, monkeypatch):
    """Mail goes through anymail's Postmark backend, which answers with this message id."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token", "WEBHOOK_SECRET": WEBHOOK_SECRET}

    def answer_with(message_id: str, to: str):
        provider_answers(
            monkeypatch,
            200,
            {
                "To": to,
                "SubmittedAt": "2026-11-25T12:00:00.0000000Z",
                "MessageID": message_id,
                "ErrorCode": 0,
                "Message": "OK",
            },
        )

    return answer_with


@pytest.fixture
def mailgun(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
    settings.ANYMAIL = {
        "MAILGUN_API_KEY": "key-for-tests",
        "MAILGUN_SENDER_DOMAIN": "mg.example.jp",
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_SIGNING_KEY,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
    }

    def answer_with(message_id: str):
        provider_answers(
            monkeypatch, 200, {"id": f"<{message_id}>", "message": "Queued. Thank you."}
        )

    return answer_with


# Payloads as Postmark's and Mailgun's webhook documentation shows them.


def postmark_bounce(message_id, email, bounce_id=4323372036854775807, at="2026-11-25T03:10:00Z"):
    return {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": bounce_id,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "auth-key",
        "MessageID": message_id,
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "no-reply@example.jp",
        "BouncedAt": at,
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "【ハローワーク】アカウント仮登録完了通知",
    }


def postmark_delivery(message_id, email, at="2026-11-25T03:05:00.1234567Z"):
    # Postmark gives a delivery no event id of its own.
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": message_id,
        "Recipient": email,
        "Tag": "auth-key",
        "DeliveredAt": at,
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }


def mailgun_event(event, message_id, email, at: datetime, token):
    timestamp = str(int(at.timestamp()))
    signature = hmac.new(
        MAILGUN_SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    event_data = {
        "id": f"{event}-{token[:8]}",
        "timestamp": at.timestamp(),
        "log-level": "info" if event == "delivered" else "error",
        "event": event,
        "recipient": email,
        "recipient-domain": email.split("@")[1],
        "message": {
            "headers": {
                "to": email,
                "message-id": message_id,
                "from": "no-reply@example.jp",
                "subject": "【ハローワーク】アカウント仮登録完了通知",
            },
            "attachments": [],
            "size": 1234,
        },
        "tags": ["auth-key"],
        "user-variables": {},
        "envelope": {"transport": "smtp", "sender": "no-reply@mg.example.jp", "targets": email},
    }
    if event == "delivered":
        event_data["delivery-status"] = {"code": 250, "message": "OK", "attempt-no": 1}
    else:
        event_data |= {"severity": "permanent", "reason": "bounce"}
        event_data["delivery-status"] = {
            "code": 550,
            "message": "5.1.1 The email account that you tried to reach does not exist.",
            "description": "",
            "attempt-no": 1,
        }
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def post_event(payload, url=POSTMARK_URL, auth=WEBHOOK_SECRET):
    """The provider's POST: no session, no CSRF token."""
    headers = basic_auth(auth) if auth else {}
    provider = Client(enforce_csrf_checks=True)
    return provider.post(url, json.dumps(payload), content_type="application/json", **headers)


def key_page(client) -> str:
    return client.get("/account/signup/password/").content.decode()


# The webhook


def test_a_postmark_bounce_marks_the_key_mail_bounced_and_the_key_page_says_so(client, postmark):
    """The person waiting for the key learns that it bounced, sees the address, and can fix it."""
    postmark("0a129aee-e1cd-480d-b08d-4f48548ff48d", "taro@exmaple.jp")
    request_key(client, "taro@exmaple.jp")
    sent = SentMail.objects.get()
    assert sent.esp_message_id == "0a129aee-e1cd-480d-b08d-4f48548ff48d"
    assert UNDELIVERED_NOTICE not in key_page(client)

    response = post_event(postmark_bounce(sent.esp_message_id, "taro@exmaple.jp"))

    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == SentMail.Status.BOUNCED
    assert sent.status_at == datetime(2026, 11, 25, 3, 10, tzinfo=UTC)
    assert "550 5.1.1" in sent.status_detail
    page = key_page(client)
    assert UNDELIVERED_NOTICE in page
    assert "<strong>taro@exmaple.jp</strong>" in page
    assert 'href="/account/signup/"' in page
    assert "認証キーを再送信する" in page
    signup = client.get("/account/signup/").content.decode()
    assert 'name="email" value="taro@exmaple.jp"' in signup


def test_a_delivered_key_mail_gives_no_notice(client, postmark):
    postmark("6e1e4c4c-0000-4000-8000-000000000001", "taro@example.jp")
    request_key(client)
    post_event(postmark_delivery("6e1e4c4c-0000-4000-8000-000000000001", "taro@example.jp"))
    assert SentMail.objects.get().status == SentMail.Status.DELIVERED
    assert UNDELIVERED_NOTICE not in key_page(client)


def test_a_new_key_after_a_bounce_clears_the_notice(client, postmark):
    """The notice is about the latest mail: once a resent key is on its way, it goes."""
    postmark("6e1e4c4c-0000-4000-8000-000000000002", "taro@example.jp")
    request_key(client)
    post_event(postmark_bounce("6e1e4c4c-0000-4000-8000-000000000002", "taro@example.jp"))
    assert UNDELIVERED_NOTICE in key_page(client)
    postmark("6e1e4c4c-0000-4000-8000-000000000003", "taro@example.jp")
    client.post("/account/signup/resend/")
    assert UNDELIVERED_NOTICE not in key_page(client)


def test_a_bounced_account_exists_mail_looks_the_same_as_a_bounced_key_mail(
    client, alice, postmark
):
    """Enumeration safety: the key page cannot tell whether the address has an account."""

    def page_after_bounce(address, message_id, bounce_id):
        browser = Client()
        postmark(message_id, address)
        request_key(browser, address)
        post_event(postmark_bounce(message_id, address, bounce_id=bounce_id))
        page = key_page(browser).replace(address, "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    with_account = page_after_bounce("alice@example.jp", "11111111-0000-4000-8000-0000", 1)
    without = page_after_bounce("nobody@example.jp", "22222222-0000-4000-8000-0000", 2)
    tags = set(SentMail.objects.values_list("tag", flat=True))
    assert tags == {"account-exists", "auth-key"}
    assert UNDELIVERED_NOTICE in with_account
    assert with_account == without


def test_the_address_change_page_tells_of_a_bounce_and_offers_to_correct(client, alice, postmark):
    client.force_login(alice)
    postmark("33333333-0000-4000-8000-000000000000", "alice.new@exmaple.jp")
    client.post(
        "/account/email/change/",
        {
            "email": "alice.new@exmaple.jp",
            "email_confirm": "alice.new@exmaple.jp",
            "password": PASSWORD,
        },
    )
    post_event(postmark_bounce("33333333-0000-4000-8000-000000000000", "alice.new@exmaple.jp"))

    page = client.get("/account/email/change/confirm/").content.decode()
    assert UNDELIVERED_NOTICE in page
    assert "<strong>alice.new@exmaple.jp</strong>" in page
    assert 'href="/account/email/change/"' in page
    change = client.get("/account/email/change/").content.decode()
    assert 'name="email" value="alice.new@exmaple.jp"' in change


def test_mailgun_events_are_matched_to_the_mail_by_its_message_id(client, mailgun):
    """Mailgun answers <id> at sending and its events carry the id without brackets."""
    mailgun("20261125031000.1.ABCDEF@mg.example.jp")
    request_key(client)
    sent = SentMail.objects.get()
    assert sent.esp_message_id == "<20261125031000.1.ABCDEF@mg.example.jp>"

    delivered_at = datetime(2026, 11, 25, 3, 11, 0, tzinfo=UTC)
    response = post_event(
        mailgun_event(
            "delivered",
            "20261125031000.1.ABCDEF@mg.example.jp",
            "taro@example.jp",
            delivered_at,
            "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0",
        ),
        url=MAILGUN_URL,
    )
    assert response.status_code == 200
    sent.refresh_from_db()
    assert (sent.status, sent.status_at) == (SentMail.Status.DELIVERED, delivered_at)


def test_a_bounce_after_delivered_shows_bounced_whatever_order_the_events_arrive_in(
    client, mailgun
):
    """A mail accepted by the receiving server can still bounce later; the later event wins,
    by when it happened, not by when the provider told us."""
    message_id = "20261125031000.2.ABCDEF@mg.example.jp"
    mailgun(message_id)
    request_key(client)
    delivered = mailgun_event(
        "delivered",
        message_id,
        "taro@example.jp",
        datetime(2026, 11, 25, 3, 11, tzinfo=UTC),
        "token-delivered-0000000000000000000000000",
    )
    bounced = mailgun_event(
        "failed",
        message_id,
        "taro@example.jp",
        datetime(2026, 11, 25, 3, 20, tzinfo=UTC),
        "token-bounced-00000000000000000000000000",
    )

    post_event(delivered, url=MAILGUN_URL)
    post_event(bounced, url=MAILGUN_URL)
    assert SentMail.objects.get().status == SentMail.Status.BOUNCED
    assert UNDELIVERED_NOTICE in key_page(client)

    # The same two events again, the older one last (a provider's retry arriving late).
    MailEvent.objects.all().delete()
    SentMail.objects.update(status=SentMail.Status.SENT, status_at=None)
    post_event(bounced, url=MAILGUN_URL)
    post_event(delivered, url=MAILGUN_URL)
    sent = SentMail.objects.get()
    assert sent.status == SentMail.Status.BOUNCED
    assert sent.status_at == datetime(2026, 11, 25, 3, 20, tzinfo=UTC)
    assert MailEvent.objects.count() == 2


def test_an_event_sent_twice_is_stored_once(client, postmark):
    """Providers retry; a bounce (its own id) and a delivery (an id derived from the event)
    each give one row however often they come."""
    postmark("44444444-0000-4000-8000-000000000000", "taro@example.jp")
    request_key(client)
    bounce = postmark_bounce("44444444-0000-4000-8000-000000000000", "taro@example.jp")
    delivery = postmark_delivery("44444444-0000-4000-8000-000000000000", "taro@example.jp")
    for payload in (delivery, bounce, delivery, bounce, bounce):
        assert post_event(payload).status_code == 200
    events = MailEvent.objects.order_by("occurred_at")
    assert [e.status for e in events] == ["delivered", "bounced"]
    assert events[1].event_id == "4323372036854775807"
    assert events[0].event_id.startswith("derived:")


@pytest.mark.parametrize(
    "auth",
    [None, "hellowork-hook:wrong", "someone:" + WEBHOOK_SECRET],
    ids=["none", "wrong", "other"],
)
def test_a_post_without_the_webhook_secret_is_refused_and_stores_nothing(client, postmark, auth):
    """Anyone can find the URL; only the provider knows the secret (anymail answers 400)."""
    postmark("55555555-0000-4000-8000-000000000000", "taro@example.jp")
    request_key(client)
    response = post_event(
        postmark_bounce("55555555-0000-4000-8000-000000000000", "taro@example.jp"), auth=auth
    )
    assert response.status_code == 400
    assert MailEvent.objects.count() == 0
    assert SentMail.objects.get().status == SentMail.Status.SENT
    assert UNDELIVERED_NOTICE not in key_page(client)


def test_a_mailgun_event_with_a_forged_signature_is_refused(client, mailgun):
    mailgun("20261125031000.3.ABCDEF@mg.example.jp")
    request_key(client)
    forged = mailgun_event(
        "failed",
        "20261125031000.3.ABCDEF@mg.example.jp",
        "taro@example.jp",
        datetime(2026, 11, 25, 3, 20, tzinfo=UTC),
        "token-forged-000000000000000000000000000",
    )
    forged["signature"]["signature"] = "0" * 64
    assert post_event(forged, url=MAILGUN_URL).status_code == 400
    assert MailEvent.objects.count() == 0


def test_without_a_webhook_secret_the_webhooks_do_not_exist(client, settings):
    """A production set up without ANYMAIL_WEBHOOK_SECRET does not take anyone's events."""
    sent = SentMail.objects.create(
        to="taro@example.jp", tag="auth-key", esp_message_id="m-1", status="sent"
    )
    settings.ANYMAIL = {}
    assert post_event(postmark_bounce("m-1", "taro@example.jp"), auth=None).status_code == 404
    assert post_event(postmark_bounce("m-1", "taro@example.jp")).status_code == 404
    sent.refresh_from_db()
    assert sent.status == "sent"
    assert MailEvent.objects.count() == 0


@pytest.mark.parametrize(
    "backend",
    [
        "anymail.backends.mailgun.EmailBackend",
        "anymail.backends.test.EmailBackend",
        "hellowork.console_mail.EmailBackend",
    ],
)
def test_only_the_webhook_of_the_configured_provider_exists(client, settings, backend):
    """Another provider's webhook takes nothing, even with the right secret: only the provider
    that sends the site's mail can report on it."""
    sent = SentMail.objects.create(
        to="taro@example.jp", tag="auth-key", esp_message_id="m-1", status="sent"
    )
    settings.MAILERS = {"default": {"BACKEND": backend}}
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    assert post_event(postmark_bounce("m-1", "taro@example.jp")).status_code == 404
    assert (
        post_event(
            postmark_bounce("m-1", "taro@example.jp"), url="/anymail/x/tracking/"
        ).status_code
        == 404
    )
    sent.refresh_from_db()
    assert sent.status == "sent"
    assert MailEvent.objects.count() == 0


def test_an_event_for_a_mail_this_site_did_not_send_is_accepted_and_not_kept(postmark):
    """It concerns no mail of ours (another system on the same provider account, or a mail
    already purged): answered 200 so the provider does not retry it for days, and not stored."""
    response = post_event(postmark_bounce("not-ours-0000", "stranger@example.jp"))
    assert response.status_code == 200
    assert MailEvent.objects.count() == 0


def test_opens_and_clicks_are_not_stored(client, postmark):
    postmark("66666666-0000-4000-8000-000000000000", "taro@example.jp")
    request_key(client)
    opened = {
        "RecordType": "Open",
        "MessageID": "66666666-0000-4000-8000-000000000000",
        "Recipient": "taro@example.jp",
        "ReceivedAt": "2026-11-25T03:30:00Z",
        "FirstOpen": True,
        "Metadata": {},
    }
    assert post_event(opened).status_code == 200
    assert MailEvent.objects.count() == 0
    assert SentMail.objects.get().status == SentMail.Status.SENT


# What staff see


def test_counter_staff_see_the_providers_latest_state_on_the_application(
    client, staff, oguchi, postmark
):
    taro = User.objects.create_user(email="taro@example.jp")
    application = make_application(oguchi, 70, email="taro@example.jp", user=taro)
    SentMail.objects.create(
        to="taro@example.jp",
        user=taro,
        tag="registration-complete",
        esp_message_id="77-77",
        status="sent",
    )
    post_event(postmark_bounce("77-77", "taro@example.jp", at="2026-11-25T03:10:00Z"))

    page = client.get(f"/admin/jobseeker/application/{application.pk}/change/").content.decode()
    assert "不達（宛先不明など）" in page
    assert "「求職登録完了のお知らせ」を taro@example.jp へ送信" in page
    assert "2026年11月25日 12:10" in page  # the event's time, in Japan time
    assert "550 5.1.1" in page


def test_superusers_see_every_mail_and_its_events(client, postmark, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.jp", PASSWORD)
    sent = SentMail.objects.create(
        to="taro@example.jp", tag="auth-key", esp_message_id="88-88", status="sent"
    )
    post_event(postmark_delivery("88-88", "taro@example.jp"))
    post_event(postmark_bounce("88-88", "taro@example.jp"))
    client.force_login(admin)

    listing = client.get("/admin/accounts/sentmail/").content.decode()
    assert "taro@example.jp" in listing
    assert "不達（宛先不明など）" in listing
    page = client.get(f"/admin/accounts/sentmail/{sent.pk}/change/").content.decode()
    assert "配信済み" in page and "不達（宛先不明など）" in page
    assert "Postmark" in page


def test_counter_staff_cannot_open_the_list_of_every_mail(client, staff):
    assert client.get("/admin/accounts/sentmail/").status_code == 403


# A provider that fails while sending: a clear message, a retry, nothing lost, on every page


@pytest.fixture
def provider_down(settings, monkeypatch):
    """Postmark answers 500 to every send."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token"}
    provider_answers(monkeypatch, 500, {"ErrorCode": 500, "Message": "Internal Server Error"})


def test_a_failed_resend_on_the_key_page_says_so_and_keeps_the_address(
    client, settings, provider_down
):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    request_key(client)
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    response = client.post("/account/signup/resend/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [("/account/signup/password/", 302)]
    assert "メールを送信できませんでした" in page
    assert "<strong>taro@example.jp</strong>" in page
    assert "認証キーを再送信する" in page
    assert SentMail.objects.order_by("sent_at").last().status == SentMail.Status.FAILED


def test_a_failed_address_change_mail_is_told_and_the_new_address_kept(
    client, alice, provider_down
):
    client.force_login(alice)
    response = client.post(
        "/account/email/change/",
        {
            "email": "alice.new@example.jp",
            "email_confirm": "alice.new@example.jp",
            "password": PASSWORD,
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain == [("/account/email/change/confirm/", 302)]
    assert "認証キーのメールを送信できませんでした" in page
    assert "<strong>alice.new@example.jp</strong>" in page
    # 「メールアドレスを入力し直す」 shows the new address again; never the password.
    again = client.get("/account/email/change/").content.decode()
    assert 'value="alice.new@example.jp"' in again
    assert PASSWORD not in again


def test_a_failed_resend_of_an_address_change_key_says_so(client, alice, settings, provider_down):
    client.force_login(alice)
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    client.post(
        "/account/email/change/",
        {
            "email": "alice.new@example.jp",
            "email_confirm": "alice.new@example.jp",
            "password": PASSWORD,
        },
    )
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    response = client.post("/account/email/change/confirm/", {"resend": "1"}, follow=True)
    page = response.content.decode()
    assert "メールを送信できませんでした" in page
    assert "<strong>alice.new@example.jp</strong>" in page


def test_a_failed_reset_mail_is_recorded_and_the_page_says_what_it_says_to_everyone(
    client, alice, provider_down
):
    """Saying "not sent" only where an account exists would tell who has one."""
    response = client.post("/account/password/reset/", {"email": "alice@example.jp"})
    assert response.url == "/account/password/reset/sent/"
    failed = SentMail.objects.get()
    assert (failed.to, failed.tag, failed.status) == (
        "alice@example.jp",
        "password-reset",
        "failed",
    )
