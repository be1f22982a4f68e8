"""Every page a job seeker can reach passes axe-core at WCAG 2.2 AA on a phone, and asks for
nothing outside our own server (issue #5 items 5 and 6).

The pages and their states (fresh, after a press with errors) come from tests/pages.py, the
list the page budget test measures too. A violation is reported with its rule, the element
(axe's CSS selector) and axe's advice, so the failure message alone says what to fix.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error
from playwright.sync_api import expect

from tests.pages import PAGE_IDS, PAGES

from .conftest import assert_no_violations

pytestmark = pytest.mark.parametrize("device", ["iphone"])


@pytest.fixture(autouse=True)
def quick_password_hashes(settings):
    """The accounts these pages need are made and checked fast; the hasher is not on trial."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def take_over_session(client: Client, context, live_server) -> None:
    """The browser continues in the session the test client prepared."""
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
            if name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        ]
    )


def type_into_form(page, values: dict) -> None:
    """Puts `values` (by control name) into the page's form as a user would set them."""
    for name, value in values.items():
        control = page.locator(f'[name="{name}"]')
        kind = control.first.evaluate("e => e.type")
        if kind in ("radio", "checkbox"):
            control.and_(page.locator(f'[value="{value}"]')).check()
        elif kind.startswith("select"):
            control.select_option(value)
        else:
            control.fill(value)


@pytest.mark.parametrize("target", PAGES, ids=PAGE_IDS)
def test_page_has_no_wcag_violations_and_stays_on_our_server(
    target, page, context, live_server, axe
):
    """A screen reader or keyboard user can use the page, and it loads nothing from elsewhere."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    client = Client()
    url = (target.prepare and target.prepare(client)) or target.url
    take_over_session(client, context, live_server)

    response = page.goto(url)
    if target.fill is not None:
        type_into_form(page, target.fill)
        if target.forged:
            context.clear_cookies()
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=target.press, exact=True).click()
        response = navigation.value
    assert response.status == target.status, f"{page.url} answered {response.status}"

    assert_no_violations(page, axe, target.name)

    elsewhere = [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    assert not elsewhere, f"{target.name} asked another host for {elsewhere}"


def test_server_error_page_has_no_wcag_violations(page, context, axe):
    """The 500 page as Django renders it (no request, no database), with the site's stylesheet."""
    body = server_error(RequestFactory().get("/")).content
    context.route(
        "**/server-error/",
        lambda route: route.fulfill(status=500, body=body, content_type="text/html; charset=utf-8"),
    )
    assert page.goto("/server-error/").status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("ただいま表示できません")
    assert_no_violations(page, axe, "server-error")
