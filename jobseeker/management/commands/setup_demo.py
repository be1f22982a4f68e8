"""Creates (or refreshes) the demo logins of ハローワーク大口 and prints them.

A counter clerk, and a job seeker whose application went through the real step forms and got
a real 求職番号, so that staff can try finding and accepting it at once.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from jobseeker import services
from jobseeker.forms import STEPS
from jobseeker.models import Application, Office

DEMO_OFFICE_CODE = "74601"
DEMO_STAFF_EMAIL = "staff@oguchi.example.jp"
DEMO_APPLICANT_EMAIL = "kyushoku@oguchi.example.jp"
# Where bin/run serves the site: the completion mail's link must open there.
LOCAL_SITE_URL = "http://127.0.0.1:8000"

# The flyer's 必須 items with its suggested choices.
DEMO_ANSWERS = {
    "basic": {
        "family_name": "大口", "given_name": "花子", "family_name_kana": "オオクチ",
        "given_name_kana": "ハナコ", "birth_date_year": "1992", "birth_date_month": "4",
        "birth_date_day": "10", "gender": "female", "postal_code": "895-2511",
        "prefecture": "鹿児島県", "city": "伊佐市大口里", "street": "768-1",
        "phone_mobile": "090-1234-5678", "email": DEMO_APPLICANT_EMAIL,
    },
    "disclosure": {
        "disclosure": "private", "info_provision": "neither", "contact_allowed": "yes",
        "contact_methods": ["post", "mobile_phone"],
    },
    "preferences": {
        "employment_type": "full_time", "employment_period": "indefinite",
        "desired_occupation": "undecided", "work_hours": "none", "holidays": "none",
        "empty_ack": "desired_job_detail",
    },
    "location": {"empty_ack": "desired_prefecture,wage_amount"},
    "education": {"education": "high", "education_status": "graduated"},
    "career": {},
    "pr": {},
}  # fmt: skip


def _password(user: User) -> str:
    # A fresh password at every start: a demo login is never a known default credential.
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save()
    return password


class Command(BaseCommand):
    help = "Creates the demo staff login and a demo applicant with a 求職番号, and prints them."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site-url",
            help="the address the demo mails link to (default: PUBLIC_BASE_URL if set, "
            f"else {LOCAL_SITE_URL})",
        )

    def handle(self, *args, **options) -> None:
        site_url = (options["site_url"] or settings.PUBLIC_BASE_URL or LOCAL_SITE_URL).rstrip("/")
        office = Office.objects.get(code=DEMO_OFFICE_CODE)
        staff, _ = User.objects.get_or_create(email=DEMO_STAFF_EMAIL)
        staff.is_staff = True
        staff.name = "窓口 一郎"
        staff.office = office
        staff_password = _password(staff)
        staff.groups.add(Group.objects.get(name="窓口職員"))

        applicant, _ = User.objects.get_or_create(email=DEMO_APPLICANT_EMAIL)
        applicant_password = _password(applicant)
        application = Application.objects.filter(user=applicant).first()
        if application is None:
            application = self._apply(applicant, site_url)

        self.stdout.write(
            f"\nデモのハローワーク: {office.name}（安定所番号 {office.code}）\n"
            f"窓口職員のログイン（/admin/）: {DEMO_STAFF_EMAIL} / パスワード: {staff_password}\n"
            f"デモの求職者（/account/login/）: {DEMO_APPLICANT_EMAIL} / "
            f"パスワード: {applicant_password} / 求職番号: {application.number}\n"
            "パスワードの次に聞かれるワンタイムパスワード（6桁）は、このコンソールに表示される"
            "メール「ログイン用ワンタイムパスワードのお知らせ」にあります。\n"
        )

    def _apply(self, applicant: User, site_url: str) -> Application:
        answers = {}
        for step, form_class in STEPS.items():
            data = {f"{step}-{name}": value for name, value in DEMO_ANSWERS[step].items()}
            form = form_class(data, prefix=step)
            if not form.is_valid():
                raise CommandError(f"Demo answers of step {step} are invalid: {form.errors}")
            answers[step] = form.cleaned_data
        with transaction.atomic():
            return services.submit_application(applicant, answers, site_url=site_url)
