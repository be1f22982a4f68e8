"""Offices, staff and applications made directly in the database, for counter-side tests."""

from datetime import date

from django.contrib.auth.models import Group

from accounts.models import User
from jobseeker import numbers
from jobseeker.choices import Status
from jobseeker.models import Application, Office

STAFF_PASSWORD = "Counter-staff9"


def make_application(office: Office, serial: int, **fields) -> Application:
    """An application with every required field (the flyer's 必須 items), numbered at `office`."""
    values = {
        "family_name": "大口",
        "given_name": "太郎",
        "family_name_kana": "オオクチ",
        "given_name_kana": "タロウ",
        "birth_date": date(1990, 5, 1),
        "gender": "male",
        "postal_code": "895-2511",
        "prefecture": "鹿児島県",
        "city": "伊佐市大口里",
        "street": "７６８－１",
        "phone_mobile": "090-1234-5678",
        "disclosure": "private",
        "info_provision": "neither",
        "contact_allowed": "no",
        "employment_type": "full_time",
        "employment_period": "indefinite",
        "desired_occupation": "undecided",
        "work_hours": "none",
        "holidays": "none",
        "education": "high",
        "education_status": "graduated",
        "status": Status.ONLINE,
        "valid_until": date(2027, 1, 31),
        **fields,
    }
    return Application.objects.create(
        office=office, number=numbers.format_number(office.code, serial), **values
    )


def demo_office() -> Office:
    """ハローワーク大口, which a data migration creates; made again after a transactional test
    has flushed the database (those run last, in file order)."""
    office, _ = Office.objects.get_or_create(
        code="74601",
        defaults={
            "name": "ハローワーク大口",
            "postal_code": "895-2511",
            "address": "鹿児島県伊佐市大口里768-1",
            "phone": "0995-22-8609",
            "opening_hours": "平日 8時30分〜17時15分",
        },
    )
    return office


def make_fukuoka_office(**fields) -> Office:
    """A second office, to prove that staff never see another office's applicants."""
    values = {
        "code": "40101",
        "name": "ハローワーク福岡中央",
        "postal_code": "810-8609",
        "address": "福岡県福岡市中央区赤坂1-6-19",
        "phone": "092-712-8609",
        "opening_hours": "平日",
        **fields,
    }
    return Office.objects.create(**values)


def staff_of(office: Office, email: str) -> User:
    """A 窓口職員 of `office`: staff status, the office, and the counter group."""
    user = User.objects.create_user(email=email, password=STAFF_PASSWORD, is_staff=True)
    user.office = office
    user.save()
    user.groups.add(Group.objects.get(name="窓口職員"))
    return user
