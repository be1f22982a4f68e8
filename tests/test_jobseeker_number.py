"""The 求職番号 of SPEC "Rules": its check digit, what is accepted as typed, and its issuing."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from jobseeker.models import Office
from jobseeker.numbers import MAX_SERIAL, check_digit, format_number, is_valid, normalize
from jobseeker.services import SerialsExhausted, allocate_number

pytestmark = pytest.mark.django_db

SAMPLES = [
    format_number("74601", 1),
    format_number("74601", 9_999_999),
    format_number("10203", 4_455_667),
    format_number("98765", 1_234_567),
    format_number("31415", 9_265_358),
]


def digits_of(number: str) -> str:
    return number.replace("-", "")


def as_number(digits: str) -> str:
    return f"{digits[:5]}-{digits[5:]}"


def serial_of(number: str) -> int:
    return int(number[6:13])


@pytest.fixture
def office() -> Office:
    # Created here, not the demo office: a transactional test flushes the migration's rows.
    return Office.objects.create(
        code="70001",
        name="ハローワークテスト",
        postal_code="100-0001",
        address="東京都千代田区千代田1-1",
        phone="03-0000-0000",
        opening_hours="平日 8時30分〜17時15分",
    )


def test_the_check_digit_follows_damms_published_example():
    # Damm's worked example: 572 has check digit 4.
    assert check_digit("572") == "4"
    assert format_number("74601", 1) == "74601-00000018"


def test_every_formatted_number_is_valid():
    assert all(is_valid(format_number("74601", serial)) for serial in range(0, 3000))
    assert all(is_valid(n) for n in SAMPLES)


@pytest.mark.parametrize("number", SAMPLES)
def test_every_single_digit_substitution_at_every_position_is_rejected(number):
    assert is_valid(number)
    digits = digits_of(number)
    assert len(digits) == 13
    for position in range(13):
        for digit in "0123456789":
            if digit == digits[position]:
                continue
            typo = digits[:position] + digit + digits[position + 1 :]
            assert not is_valid(as_number(typo)), (number, position, digit)


@pytest.mark.parametrize("number", SAMPLES)
def test_every_adjacent_transposition_is_rejected_even_across_the_hyphen(number):
    assert is_valid(number)
    digits = digits_of(number)
    swapped = 0
    for position in range(12):
        a, b = digits[position], digits[position + 1]
        if a == b:
            continue
        typo = digits[:position] + b + a + digits[position + 2 :]
        assert not is_valid(as_number(typo)), (number, position)
        swapped += 1
    assert swapped > 0


@pytest.mark.parametrize(
    "text",
    [
        "7460100000018",  # hyphen missing
        "74601-0000018",  # a digit missing
        "74601-000000180",
        "７４６０１－００００００１８",  # full-width
        " 74601-00000018",
        "74601-00000018\n",
        "٧٤٦٠١-٠٠٠٠٠٠١٨",  # Arabic-Indic digits: \d would match them
        "",
    ],
)
def test_only_the_canonical_ascii_form_is_valid(text):
    assert not is_valid(text)


@pytest.mark.parametrize(
    "typed",
    [
        "74601-00000018",
        "7460100000018",
        "７４６０１－００００００１８",
        "７４６０１ー００００００１８",  # 全角 mode IME: ー for the hyphen
        "74601ｰ00000018",  # half-width katakana ｰ
        "74601−00000018",  # minus sign
        "74601‐00000018",  # hyphen U+2010
        "74601–00000018",  # en dash
        "74601—00000018",  # em dash
        "74601 00000018",
        "  74601-00000018  ",
        "\t74601 - 00000018\r\n",  # a scanner's trailing Enter
        "　７４６０１－００００００１８　",  # ideographic spaces
    ],
)
def test_normalize_accepts_what_people_and_scanners_type(typed):
    assert normalize(typed) == "74601-00000018"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "74601-0000001",
        "74601-000000189",
        "74601-0000001A",
        "74601_00000018",
        "74601/00000018",
        "٧٤٦٠١-٠٠٠٠٠٠١٨",
        "求職番号74601-00000018",
    ],
)
def test_normalize_refuses_anything_but_13_digits(typed):
    assert normalize(typed) is None


def test_normalize_leaves_the_check_digit_to_is_valid():
    assert normalize("74601 00000019") == "74601-00000019"
    assert not is_valid("74601-00000019")


def test_allocate_number_gives_consecutive_serials_with_the_offices_prefix(office):
    with transaction.atomic():
        issued = [allocate_number(office) for _ in range(3)]
    assert [serial_of(n) for n in issued] == [1, 2, 3]
    assert all(n.startswith("70001-") and is_valid(n) for n in issued)
    office.refresh_from_db()
    assert office.last_serial == 3


def test_each_office_counts_its_own_serials(office):
    demo = Office.objects.get(code="74601")
    with transaction.atomic():
        allocate_number(office)
        allocate_number(office)
        assert allocate_number(demo) == format_number("74601", demo.last_serial + 1)


def test_a_rolled_back_allocation_leaves_the_serial_unissued(office):
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(office)
        raise RuntimeError("the application could not be saved")
    office.refresh_from_db()
    assert office.last_serial == 0
    with transaction.atomic():
        assert serial_of(allocate_number(office)) == 1


def test_the_last_serial_is_issued_then_issuing_stops(office):
    Office.objects.filter(pk=office.pk).update(last_serial=MAX_SERIAL - 1)
    with transaction.atomic():
        assert allocate_number(office) == format_number("70001", MAX_SERIAL)
    with pytest.raises(SerialsExhausted), transaction.atomic():
        allocate_number(office)
    office.refresh_from_db()
    assert office.last_serial == MAX_SERIAL


# Transactional: a plain django_db test runs inside an atomic block, where the guard never trips.
@pytest.mark.django_db(transaction=True)
def test_allocate_number_refuses_to_run_outside_a_transaction(office):
    with pytest.raises(TransactionManagementError, match="transaction.atomic"):
        allocate_number(office)
    office.refresh_from_db()
    assert office.last_serial == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; row locks need PostgreSQL"
)
def test_concurrent_callers_on_their_own_connections_get_distinct_numbers(office):
    threads, per_thread = 8, 20
    start = threading.Barrier(threads, timeout=30)

    def allocate_many() -> list[str]:
        try:
            start.wait()  # all threads contend from the first allocation on
            issued = []
            for _ in range(per_thread):
                with transaction.atomic():
                    issued.append(allocate_number(office))
            return issued
        finally:
            # Each thread has its own connection; left open, it would block dropping the test DB.
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(allocate_many) for _ in range(threads)]
        issued = [number for future in futures for number in future.result()]

    assert len(issued) == threads * per_thread
    assert len(set(issued)) == threads * per_thread
    assert all(is_valid(n) and n.startswith("70001-") for n in issued)
    assert sorted(serial_of(n) for n in issued) == list(range(1, threads * per_thread + 1))
    office.refresh_from_db()
    assert office.last_serial == threads * per_thread
