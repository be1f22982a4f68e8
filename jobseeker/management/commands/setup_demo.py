"""Creates (or refreshes) the demo counter staff login of ハローワーク大口 and prints it."""

import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from accounts.models import User
from jobseeker.models import Office

DEMO_OFFICE_CODE = "74601"
DEMO_STAFF_EMAIL = "staff@oguchi.example.jp"


class Command(BaseCommand):
    help = "Creates the demo staff login of the demo office and prints its password."

    def handle(self, *args, **options) -> None:
        office = Office.objects.get(code=DEMO_OFFICE_CODE)
        # A fresh password at every start: a demo login is never a known default credential.
        password = secrets.token_urlsafe(12)
        staff, _ = User.objects.get_or_create(email=DEMO_STAFF_EMAIL)
        staff.is_staff = True
        staff.office = office
        staff.set_password(password)
        staff.save()
        staff.groups.add(Group.objects.get(name="窓口職員"))
        self.stdout.write(
            f"\nデモのハローワーク: {office.name}（安定所番号 {office.code}）\n"
            f"窓口職員のログイン（/admin/）: {DEMO_STAFF_EMAIL} / パスワード: {password}\n"
        )
