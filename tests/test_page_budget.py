"""Each page a job seeker opens is at most 15 KB of HTML, CSS and JavaScript, all from us.

Issue #5 item 5: pages load fast on a weak phone connection. The HTML is counted with every
stylesheet and script it links, as static/ serves them, uncompressed (a stylesheet linked for
print would count too: the browser fetches it all the same). The pages are those of
tests/pages.py, which the axe scan opens too; staff pages (the admin) have no budget.
"""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.defaults import server_error

from .pages import PAGES, open_page

pytestmark = pytest.mark.django_db

BUDGET = 15 * 1024
ASSET = re.compile(r"<(?:script|link|img)\b[^>]*?\s(?:src|href)=\"([^\"]*)\"", re.IGNORECASE)
OTHER_ORIGIN = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

JOB_SEEKER_PAGES = [pytest.param(page, id=page.name) for page in PAGES if not page.staff]


def linked_assets(html: str) -> list[str]:
    """The src/href of every script, link and img of a page."""
    return ASSET.findall(html)


def static_bytes(url: str) -> int:
    """The size of a file under STATIC_URL, as static/ serves it."""
    path = finders.find(url.removeprefix("/" + settings.STATIC_URL.lstrip("/")).split("?")[0])
    assert path, f"{url} is not one of our static files"
    with open(path, "rb") as file:
        return len(file.read())


def weigh(html: bytes) -> tuple[int, str]:
    """The bytes of the page with what it links, and the figures that make them up."""
    assets = {url: static_bytes(url) for url in sorted(set(linked_assets(html.decode())))}
    total = len(html) + sum(assets.values())
    parts = ", ".join([f"HTML {len(html)}", *(f"{url} {size}" for url, size in assets.items())])
    return total, f"{total} bytes ({parts}); the budget is {BUDGET}"


def assert_served_by_us(html: str) -> None:
    """Every script, stylesheet and image comes from this site (a path, not a scheme or //)."""
    for url in linked_assets(html):
        assert not OTHER_ORIGIN.match(url), f"{url} is not served by us"


@pytest.mark.parametrize("page", JOB_SEEKER_PAGES)
def test_page_weighs_at_most_15_kb_and_links_only_our_own_files(client, page):
    response = open_page(client, page)
    assert response.status_code == page.status
    html = response.content
    assert_served_by_us(html.decode())
    total, figures = weigh(html)
    print(f"\n{page.name}: {figures}")
    assert total <= BUDGET, f"{page.name} is over budget: {figures}"


def test_the_server_error_page_needs_neither_the_request_nor_the_database(
    django_db_blocker, rf: RequestFactory
):
    """The 500 page shows when the database is what failed: rendered with it blocked."""
    with django_db_blocker.block():
        response = server_error(rf.get("/mypage/apply/basic/"))
    html = response.content
    assert response.status_code == 500
    assert "ただいま表示できません" in html.decode()
    assert_served_by_us(html.decode())
    total, figures = weigh(html)
    assert total <= BUDGET, f"the 500 page is over budget: {figures}"
