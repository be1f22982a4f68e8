"""A form posted in a charset other than UTF-8 gets the site's own 400 page, never a 500.

Django refuses an application/x-www-form-urlencoded body declared in another charset with
BadRequest, but its error views read the body again for their CSRF token, so the error escaped
every middleware and gunicorn answered a bare 500 without CSP or HSTS (the security probe's
item 4). Every URL of the site is posted to here, anonymous, with a valid CSRF token and CSRF
checks on, so each request reaches the reading of its body; then the same on the real stack
(gunicorn, DEBUG off), with a Content-Type header Django cannot even parse.
"""

import base64
import html
import urllib.parse

import pytest
from django.test import Client

from .production_server import HOST, ProductionServer, production_env
from .test_security import site_urls
from .wizard_helpers import STEP_NAMES, step_url

# What the probe sent: two real charsets and one that does not even keep ASCII bytes.
FOREIGN_CHARSETS = ["latin-1", "shift_jis", "utf-16"]
CSRF_TOKEN = "A" * 32
HSTS_SECONDS = 60 * 60 * 24 * 365
WEBHOOK_SECRET = "provider:webhook-secret"
UNKNOWN_CHARSET = "x-unknown"
BAD_REQUEST_PAGE = "送信された内容を読み取れませんでした"


@pytest.fixture
def https_site(settings):
    """HSTS as production sends it (DEBUG off), and the provider's webhook mounted."""
    settings.SECURE_HSTS_SECONDS = HSTS_SECONDS
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": WEBHOOK_SECRET}


def every_url() -> list[str]:
    """Every URL of the site, from the URL resolver (one pattern serves all wizard steps)."""
    return [path for path, _ in site_urls("1")] + [step_url(step) for step in STEP_NAMES]


def browser() -> Client:
    """A browser that holds a CSRF cookie and sends its token, with CSRF checks on."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def post_form(client: Client, path: str, charset: str):
    """The login form's fields, percent-encoded in `charset` (a body in it) and declared so."""
    fields = {"csrfmiddlewaretoken": CSRF_TOKEN, "username": "山田 Zoé", "language": "en"}
    known = charset != UNKNOWN_CHARSET
    # As a browser does: what the charset cannot hold is sent as &#NNNN;.
    body = urllib.parse.urlencode(
        fields, encoding=charset if known else "utf-8", errors="xmlcharrefreplace"
    )
    secret = base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    return client.generic(
        "POST",
        path,
        body.encode(charset if known else "ascii"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        secure=True,
        headers={"Origin": "https://testserver", "Authorization": f"Basic {secret}"},
    )


def assert_bad_request_page(response, path: str) -> None:
    assert response.status_code == 400, path
    assert BAD_REQUEST_PAGE in html.unescape(response.content.decode()), path
    assert response["Content-Type"] == "text/html; charset=utf-8", path
    assert "default-src 'self'" in response["Content-Security-Policy"], path
    assert response["Strict-Transport-Security"].startswith(f"max-age={HSTS_SECONDS}"), path


@pytest.mark.django_db
@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
def test_every_url_answers_a_form_in_another_charset_with_the_sites_400_page(charset, https_site):
    urls = every_url()
    assert {"/healthz", "/language/", "/admin/login/", "/anymail/postmark/tracking/"} <= set(urls)
    assert len(urls) > 40, "the URLconf walk must reach the admin's URLs"
    client = browser()
    for path in urls:
        assert_bad_request_page(post_form(client, path, charset), path)


@pytest.mark.django_db
def test_the_same_post_in_utf_8_passes_the_csrf_check(https_site):
    """The posts above carry what the CSRF check needs: they are refused for their charset."""
    client = browser()
    checked = [url for url in every_url() if not url.startswith("/anymail/")]  # csrf_exempt
    answers = {path: post_form(client, path, "utf-8").status_code for path in checked}
    assert {path: status for path, status in answers.items() if status == 403} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["UTF-8", "utf8"])
def test_utf_8_declared_in_any_spelling_is_read(client, charset):
    response = client.post(
        "/language/?next=/account/",
        "language=en",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert (response.status_code, response.url) == (302, "/account/")


@pytest.mark.django_db
def test_a_form_declared_in_an_unknown_charset_gets_the_400_page(https_site):
    assert_bad_request_page(post_form(browser(), "/account/login/", UNKNOWN_CHARSET), "login")


@pytest.mark.django_db
def test_a_multipart_form_declared_in_another_charset_gets_the_400_page(https_site):
    body = (
        "--b\r\nContent-Disposition: form-data; name=csrfmiddlewaretoken\r\n\r\n"
        f"{CSRF_TOKEN}\r\n--b--\r\n"
    )
    response = browser().generic(
        "POST",
        "/account/login/",
        body.encode("shift_jis"),
        content_type="multipart/form-data; boundary=b; charset=shift_jis",
        secure=True,
        headers={"Origin": "https://testserver"},
    )
    assert_bad_request_page(response, "login")


# -- The real stack: gunicorn with production settings -------------------------------------------


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, production_static):
    folder = tmp_path_factory.mktemp("charset")
    env = production_env(DATABASE_URL=f"sqlite:///{folder}/db.sqlite3")
    server = ProductionServer(env, folder / "gunicorn.log", static_root=production_static)
    try:
        server.wait_until_listening()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize(
    "content_type",
    [
        *(f"application/x-www-form-urlencoded; charset={charset}" for charset in FOREIGN_CHARSETS),
        # A parameter in an RFC 2231 charset Python does not know: Django cannot parse it.
        "application/x-www-form-urlencoded; charset*=x-unknown''utf-8",
    ],
)
@pytest.mark.parametrize("path", ["/healthz", "/account/login/", "/language/"])
def test_gunicorn_answers_a_form_it_cannot_read_with_the_sites_400_page(
    production_server, content_type, path
):
    answer = production_server.request(
        "POST",
        path,
        f"csrfmiddlewaretoken={CSRF_TOKEN}&language=en".encode(),
        {
            "Content-Type": content_type,
            "Cookie": f"csrftoken={CSRF_TOKEN}",
            "Origin": f"https://{HOST}",
        },
    )
    assert answer.status == 400, answer.text
    assert BAD_REQUEST_PAGE in html.unescape(answer.text)
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
