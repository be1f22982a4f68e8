"""Browser tests: Playwright drives Debian's Chromium, sized as a phone, against live_server.

The server runs in a thread of this process (pytest-django's live_server), so the test reads
the 認証キー from django.core.mail.outbox and can change rows (a key's expiry) with the ORM.
live_server's tests are transactional: the tables are flushed after each test, so each test
starts by running the data migrations' own functions again (the demo office 74601, the 窓口職員
group). serialized_rollback cannot do it here: once Playwright's loop runs in the main thread,
Django (asgiref) keeps that thread's connections in another context than the one that set up
the test database, and the serialised copy is not on the connection the test sees.

Where no `chromium` is on PATH, every test of this package is skipped, saying why.
Screenshots go to test-artifacts/screenshots/<device>/ (ignored by git). The job seeker's pages
run on the phones of DEVICES; the counter's on the clerk's desk screen of DESKS, which a module
chooses with parametrize("device", ["counter"]).
"""

import importlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses
# ORM calls from a thread with a running loop unless told that it is safe (it is: the ORM
# calls of a test never overlap with Playwright's own work).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The live server listens on 127.0.0.1, never on another interface; "localhost" could be ::1.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "test-artifacts" / "screenshots"

CHROMIUM = shutil.which("chromium")
SKIP_REASON = (
    "Chromium is not installed (no `chromium` on PATH): the browser tests need Debian's "
    "chromium and fonts-noto-cjk packages (`apt-get install chromium fonts-noto-cjk`, as .ci/run "
    "does)."
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
DEVICES = {
    "iphone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": IPHONE_UA,
    },
    "android": {
        "viewport": {"width": 360, "height": 800},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": ANDROID_UA,
    },
}
# The counter's screen (issue #15 item 9): a 1366×768 desktop, the office PCs' size.
DESKS = {
    "counter": {
        "viewport": {"width": 1366, "height": 768},
        "device_scale_factor": 1,
        "is_mobile": False,
        "has_touch": False,
    },
}
# Any request that does not go to the live server (on 127.0.0.1) is refused and reported.
OUTSIDE = re.compile(r"^(?!http://127\.0\.0\.1:\d+/)")
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if Path(str(item.path)).is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
        # The connections opened while the loop ran belong to its context: close them now, or
        # PostgreSQL refuses to drop the test database they are still connected to.
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="session")
def migration_apps():
    """The models as the migrations see them, for the data migrations' own functions."""
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).project_state().apps


DATA_MIGRATIONS = [
    ("jobseeker.migrations.0002_demo_office", "create_demo_office"),
    ("jobseeker.migrations.0005_counter_staff_group", "create_group"),
    ("jobseeker.migrations.0007_office_in_english", "fill_demo_office_in_english"),
    # The group may record 職業相談 (the counter panel's 職業相談を記録).
    ("jobseeker.migrations.0009_consultation", "grant_to_counter_staff"),
]


def run_data_migrations(apps) -> None:
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="package")
def migrated_data_left_behind(django_db_setup, django_db_blocker, migration_apps):
    """After the last browser test, the migrations' rows are written back: the transactional
    tests that run after this package expect the database as the migrations left it."""
    yield
    with django_db_blocker.unblock():
        run_data_migrations(migration_apps)


@pytest.fixture
def migrated_data(migrated_data_left_behind, transactional_db, migration_apps):
    """What the data migrations wrote, written again: the flush after each test removed it."""
    run_data_migrations(migration_apps)


@pytest.fixture(params=list(DEVICES))
def device(request) -> str:
    """The phone the test runs on; a module narrows it with parametrize("device", [...])."""
    return request.param


@pytest.fixture
def java_script_enabled() -> bool:
    return True


@pytest.fixture
def context(browser, live_server, migrated_data, device, java_script_enabled):
    context = browser.new_context(
        **(DEVICES | DESKS)[device],
        base_url=live_server.url,
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        java_script_enabled=java_script_enabled,
    )
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.route(OUTSIDE, refuse)
    yield context
    context.close()
    assert not refused, f"the pages asked for something other than the live server: {refused}"


@pytest.fixture
def page(context):
    return context.new_page()


class Camera:
    """Full-page screenshots numbered in the order taken: <folder>/<nn>-<name>.png."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def __call__(self, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True)
        assert_fits_the_width(self.page)
        assert_requirement_marks_unbroken(self.page)
        return path


def assert_fits_the_width(page) -> None:
    """Nothing sticks out sideways: a phone user never has to scroll left and right."""
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"


def assert_requirement_marks_unbroken(page) -> None:
    """※必須, ※任意 and their kin after a label stay whole when a long label wraps (360 px)."""
    broken = page.evaluate(
        "[...document.querySelectorAll(':is(label, legend) :is(b, small)')]"
        ".filter((mark) => mark.getClientRects().length > 1).map((mark) => mark.textContent)"
    )
    assert not broken, f"{page.url}: {broken} broken across lines"


@pytest.fixture
def shoot(page, device, java_script_enabled, request) -> Camera:
    """Screenshots of this test under test-artifacts/screenshots/<device>/<test name>/."""
    label = device if java_script_enabled else f"{device}-nojs"
    return Camera(page, SCREENSHOTS / label / request.node.originalname.removeprefix("test_"))


# -- pages --------------------------------------------------------------------------------------


def press(page, name: str, *, exact: bool = True):
    """Presses the button (or link) called `name` and waits for the page it leads to."""
    target = page.get_by_role("button", name=name, exact=exact)
    if not target.count():
        target = page.get_by_role("link", name=name, exact=exact)
    with page.expect_navigation():
        target.click()


@pytest.fixture
def signed_in(page, context, live_server):
    """A test client signed in as taro, whose session the browser shares."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from tests.conftest import PASSWORD

    client = Client()
    client.force_login(User.objects.create_user(email="taro@example.jp", password=PASSWORD))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return client


def box(locator) -> dict:
    return locator.bounding_box()


def enter_login_code(page, *, trust: bool = False) -> None:
    """The login's second page, either site's and in either language: the code from the mail
    (mail.outbox), pasted as a person does, and the form sent."""
    from tests.conftest import mailed_code

    code_form = page.locator("form:has(input[name=login_code])")
    code_form.locator("input[name=login_code]").fill(mailed_code())
    if trust:
        code_form.locator("input[name=trust_browser]").check()
    with page.expect_navigation():
        code_form.locator("[type=submit]").first.click()


def field(page, label: str, *, within=None):
    """The text box, select or checkbox whose label starts with `label` (badges follow it)."""
    scope = within or page
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}(\s|※|$)"))


def group(page, legend: str):
    """A fieldset by the start of its legend (the legend ends with a ※必須/※任意 badge)."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}(\s|※|$)"))


def choose(page, legend: str, option: str):
    """Ticks the radio button `option` of the question `legend`."""
    group(page, legend).get_by_role("radio", name=option, exact=True).check()


# -- the counter ----------------------------------------------------------------------------------


@pytest.fixture
def clerk(migrated_data, settings):
    """A 窓口職員 of ハローワーク大口, not logged in yet. Their password is checked fast: the
    hasher is not on trial."""
    from jobseeker.models import Office
    from tests.factories import staff_of

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return staff_of(Office.objects.get(code="74601"), "clerk@oguchi.example.jp")


# -- axe ----------------------------------------------------------------------------------------

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def describe(violations: list[dict]) -> str:
    """One paragraph per rule: id, impact, advice, and each failing element with its summary."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  target {node['target']}: {summary}")
            lines.append(f"    {node['html'][:200]}")
    return "\n".join(lines)


def assert_no_violations(page, axe, name: str, options: dict = AXE_OPTIONS) -> None:
    violations = axe.run(page, options=options).response["violations"]
    assert not violations, f"{page.url} ({name}):\n{describe(violations)}"


# -- the 2次元コード ----------------------------------------------------------------------------


def decode_codes(png: bytes) -> list[str]:
    """The texts of the 2D codes zxing-cpp finds in a screenshot (a PNG, read by Pillow)."""
    import zxingcpp
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return [barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))]
