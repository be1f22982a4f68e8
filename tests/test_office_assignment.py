"""Each application goes to the office that serves the applicant's address (issue #4 item 1)."""

import pytest

from jobseeker.models import Office

from .factories import make_fukuoka_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def fukuoka() -> Office:
    return make_fukuoka_office(service_area="福岡県福岡市中央区\n福岡県福岡市南区")


def test_the_demo_office_serves_isa_and_yusui():
    assert Office.objects.serving("鹿児島県", "伊佐市大口里").code == "74601"
    assert Office.objects.serving("鹿児島県", "姶良郡湧水町木場").code == "74601"


def test_an_address_in_another_offices_area_goes_there(fukuoka):
    assert Office.objects.serving("福岡県", "福岡市中央区赤坂").code == "40101"


def test_an_address_no_office_serves_goes_to_the_demo_office(fukuoka):
    assert Office.objects.serving("北海道", "札幌市中央区").code == "74601"


def test_the_longest_matching_area_wins(fukuoka):
    Office.objects.create(
        code="40102", name="ハローワーク福岡東", postal_code="813-8609", address="福岡県福岡市東区",
        phone="092-672-8609", opening_hours="平日", service_area="福岡県",
    )  # fmt: skip
    assert Office.objects.serving("福岡県", "福岡市南区").code == "40101"
    assert Office.objects.serving("福岡県", "北九州市").code == "40102"
