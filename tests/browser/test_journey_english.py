"""The flyer's whole journey in English, on a phone: the switch on the first page, then
account → 求職申込み → マイページ with the 求職番号 under a code that scans back to it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from jobseeker.models import Office
from tests.conftest import PASSWORD
from tests.test_i18n import japanese_left

from .conftest import SCREENSHOTS, Camera, choose, decode_codes, group, press
from .test_journey import NUMBER


def field(page, label: str, *, within=None):
    """The box labelled exactly `label` and its badge: "Email address" is not "Email address
    (again)", which tests/browser/conftest.py's field() would also match in English. A badge
    may say when the field becomes required ("required if you fill in this job")."""
    badge = r" \((required( [^)]*)?|optional|one of these is required)\)"
    return (within or page).get_by_label(re.compile(rf"^{re.escape(label)}({badge})?\s*$"))


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def all_english(page) -> None:
    office = Office.objects.get(code="74601")
    assert japanese_left(page.locator("body").inner_text(), office) == [], page.url


def key_from_mail() -> str:
    lines = mail.outbox[-1].body.splitlines()
    return lines[lines.index("Verification key:") + 1]


@pytest.mark.parametrize("device", ["android"])
def test_the_flyers_journey_in_english(page, device):
    shoot = Camera(page, SCREENSHOTS / device / "english")

    page.goto("/flyer/")
    page.goto(page.locator(".flyer__url").inner_text().strip())
    heading(page, "マイページを開設して求職申込み")
    press(page, "English")
    heading(page, "Open a My Page and register as a job seeker")
    all_english(page)
    shoot("start")
    press(page, "Open a Job Seeker My Page (first time at Hello Work)")

    # The account: a full-width address survives a switch to Japanese and back.
    heading(page, "Job Seeker My Page account registration")
    email = "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"
    field(page, "Email address").fill(email)
    press(page, "日本語")
    heading(page, "求職者マイページアカウント登録")
    expect(page.locator("#id_email")).to_have_value(email)
    press(page, "English")
    expect(field(page, "Email address")).to_have_value(email)
    field(page, "Email address (again)").fill(email)
    page.get_by_label(re.compile("I agree")).check()
    all_english(page)
    shoot("signup")
    press(page, "Next")

    heading(page, "Register a password")
    expect(page.get_by_text("has been sent to taro@example.jp")).to_be_visible()
    assert [m.subject for m in mail.outbox] == [
        "[Hello Work] Your account is provisionally registered"
    ]
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    field(page, "Verification key").fill(f"【{key_from_mail()}】")
    all_english(page)
    shoot("password")
    press(page, "Complete")

    heading(page, "Job Seeker My Page account registered")
    shoot("account-opened")
    press(page, "Register without a My Number Card")

    # The seven steps, with the flyer's 必須 items and its suggested choices.
    heading(page, "1 Basic information")
    field(page, "Family name").fill("大口")
    field(page, "Given name").fill("太郎")
    field(page, "Family name (katakana)").fill("おおくち")
    field(page, "Given name (katakana)").fill("たろう")
    birth = group(page, "Date of birth")
    birth.get_by_label("Year", exact=True).fill("1990")
    birth.get_by_label("Month", exact=True).fill("5")
    birth.get_by_label("Day", exact=True).fill("1")
    choose(page, "Gender", "Male")
    field(page, "Postal code").fill("895-2511")
    page.get_by_role("button", name="Find address").click()  # fills in without a reload
    expect(field(page, "Prefecture")).to_have_value("鹿児島県")
    field(page, "Street address").fill("768-1")
    field(page, "Mobile phone").fill("090-1234-5678")
    all_english(page)
    shoot("step1-basic")
    press(page, "Next")

    heading(page, "2 Sharing of job seeker information")
    choose(
        page,
        "Making my job seeker information public",
        "Do not make my job seeker information public",
    )
    choose(
        page,
        "Sharing information with local governments",  # (a "/" would end Playwright's regex)
        "Neither local governments / local Hello Work nor private recruitment businesses",
    )
    choose(page, "Contact from Hello Work other than through My Page", "Yes")
    contact = group(page, "Ways to contact you")
    contact.get_by_role("checkbox", name="Post", exact=True).check()
    contact.get_by_role("checkbox", name="Mobile phone", exact=True).check()
    shoot("step2-disclosure")
    press(page, "Next")

    heading(page, "3 Desired job and working hours")
    choose(page, "Type of work", "Full-time")
    choose(page, "Employment period", "No fixed term")
    field(page, "Desired job").select_option(label="Not decided yet")
    choose(page, "Working hours", "None")
    choose(page, "Days off", "None")
    press(page, "Next")

    heading(page, "4 Desired place of work and wage")
    press(page, "Next")
    expect(page.get_by_role("status").filter(has_text="Some items are empty")).to_be_visible()
    all_english(page)
    shoot("step4-notice")
    press(page, "Go on with empty items")

    heading(page, "5 Education and qualifications")
    field(page, "Highest education").select_option(label="High school")
    choose(page, "Status", "Graduated")
    press(page, "Next")

    heading(page, "6 Work history")
    job = group(page, "Job 1")
    choose(job, "Type of work", "Employed")
    field(page, "Employment type", within=job).fill("正社員")
    field(page, "Job description", within=job).fill("機械組立作業")
    field(page, "Worked until (year)", within=job).fill("2024")
    field(page, "Worked until (month)", within=job).fill("3")
    choose(job, "Current situation", "Left the job")
    field(page, "Reason for leaving (or planned)", within=job).select_option(label="Own reasons")
    all_english(page)
    shoot("step6-career")
    press(page, "Next")

    heading(page, "7 Self-promotion")
    press(page, "Go to the check page")

    # 登録内容の確認: every answer, in English, before anything is sent.
    heading(page, "Check your answers")
    all_english(page)
    shoot("confirm")
    press(page, "Apply with these answers")

    # The マイページ: the number under its code, in English.
    heading(page, "Job Seeker My Page")
    number = page.locator("#jobseeker-number").inner_text().strip()
    assert NUMBER.fullmatch(number), number
    expect(page.get_by_text("please come to Hello Work Oguchi.")).to_be_visible()
    all_english(page)
    shoot("mypage")
    code = page.get_by_role("img", name=f"Job seeker number {number}", exact=True)
    png = code.screenshot(path=shoot.folder / f"{shoot.count + 1:02d}-code.png", scale="css")
    assert decode_codes(png) == [number]
    completion = mail.outbox[-1]
    assert completion.subject == "[Hello Work] Your job seeker registration is complete"
    assert number in completion.body and "Dear 大口," in completion.body
