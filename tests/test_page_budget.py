"""Each page a job seeker opens arrives in at most 14 KB, with the stylesheets and scripts it loads.

Issue #14: 14 KB as transferred is what a new connection's first round trip carries (TCP's
initial window of ten segments), so the page needs no second one on a weak phone connection.
The HTML is counted as GZipMiddleware sends it, with the most its BREACH padding can add; each
stylesheet and script it links as WhiteNoise sends it, the gzip copy collectstatic makes (a
stylesheet linked for print counts too: the browser fetches it all the same). The pages are
those of tests/pages.py, which the axe scan opens too; staff pages (the admin) have no budget.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.middleware.gzip import GZipMiddleware
from django.test import RequestFactory
from django.utils.text import compress_string
from django.views.defaults import server_error
from whitenoise.compress import Compressor

from .pages import PAGES, open_page

pytestmark = pytest.mark.django_db

BUDGET = 14 * 1024
ASSET = re.compile(r"<(?:script|link|img)\b[^>]*?\s(?:src|href)=\"([^\"]*)\"", re.IGNORECASE)
OTHER_ORIGIN = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
# WhiteNoise keeps a file's gzip copy only when it is at most 95% of the file
# (whitenoise.compress.Compressor.is_compressed_effectively); else it sends the file as is.
WHITENOISE_GZIP_RATIO = 0.95

JOB_SEEKER_PAGES = [pytest.param(page, id=page.name) for page in PAGES if not page.staff]


def linked_assets(html: str) -> list[str]:
    """The src/href of every script, link and img of a page."""
    return ASSET.findall(html)


def html_bytes_sent(html: bytes) -> int:
    """The page's bytes as GZipMiddleware sends them, counting its BREACH padding at its most
    (0 to max_random_bytes - 1 bytes of file name and their end byte: see compress_string)."""
    return len(compress_string(html)) + GZipMiddleware.max_random_bytes


def static_bytes_sent(url: str) -> int:
    """A file under STATIC_URL as WhiteNoise sends it to a browser that accepts gzip."""
    path = finders.find(url.removeprefix("/" + settings.STATIC_URL.lstrip("/")).split("?")[0])
    assert path, f"{url} is not one of our static files"
    with open(path, "rb") as file:
        data = file.read()
    compressed = Compressor.compress_gzip(data)
    return len(compressed) if len(compressed) <= WHITENOISE_GZIP_RATIO * len(data) else len(data)


def weigh(html: bytes) -> tuple[int, str]:
    """The bytes sent for the page and what it links, and the figures that make them up."""
    page = html_bytes_sent(html)
    assets = {url: static_bytes_sent(url) for url in sorted(set(linked_assets(html.decode())))}
    total = page + sum(assets.values())
    parts = ", ".join(
        [f"HTML {page} (of {len(html)})", *(f"{url} {size}" for url, size in assets.items())]
    )
    return total, f"{total} bytes as transferred ({parts}); the budget is {BUDGET}"


def assert_served_by_us(html: str) -> None:
    """Every script, stylesheet and image comes from this site (a path, not a scheme or //)."""
    for url in linked_assets(html):
        assert not OTHER_ORIGIN.match(url), f"{url} is not served by us"


@pytest.mark.parametrize("page", JOB_SEEKER_PAGES)
def test_page_arrives_in_14_kb_and_links_only_our_own_files(client, page):
    response = open_page(client, page)
    assert response.status_code == page.status
    html = response.content
    assert_served_by_us(html.decode())
    total, figures = weigh(html)
    print(f"\n{page.name}: {figures}")
    assert total <= BUDGET, f"{page.name} is over budget: {figures}"


def test_a_page_is_sent_gzip_compressed_and_padded_against_breach(client):
    """What the budget counts: the site compresses its pages for a browser that accepts gzip,
    with a random length each time (Django's BREACH mitigation)."""
    plain = client.get("/account/login/")
    sizes = set()
    for _ in range(10):
        response = client.get("/account/login/", headers={"accept-encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content)
        assert html.startswith(b"<!doctype html>")
        assert len(response.content) <= html_bytes_sent(html)
        sizes.add(len(response.content))
    assert len(sizes) > 1, "every answer had the same length: no BREACH padding"
    assert max(sizes) < len(plain.content)


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
