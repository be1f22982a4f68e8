"""The national seed's offices: made up to the number asked for, each serving real 市区町村 of
its prefecture, with counter staff; and the blocks of serials the seed numbers applications
from, taken from each office's counter as allocate_number takes one."""

import random
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User

from .. import numbers
from ..choices import PREFECTURES
from ..models import Office
from .people import People, PostalArea

STAFF_PER_OFFICE = 3
COUNTER_STAFF_GROUP = "窓口職員"


def ensure_offices(count: int, areas: dict[str, list[PostalArea]], people: People) -> None:
    """Creates offices until there are `count`: the n-th new one in the n-th prefecture (round
    robin), coded as prefecture number + serial ('13001'), serving its share of the
    prefecture's 市区町村 that no office serves yet (never the default office's own)."""
    existing = list(Office.objects.all())
    missing = count - len(existing)
    if missing <= 0:
        return
    served = {line for office in existing for line in office.service_area.split()}
    served |= {_home_line(office, areas) for office in existing}
    codes = {office.code for office in existing}
    plan: dict[str, list[str]] = defaultdict(list)
    for index in range(missing):
        prefecture = PREFECTURES[index % len(PREFECTURES)]
        number = PREFECTURES.index(prefecture) + 1
        code = next(c for c in (f"{number:02d}{n:03d}" for n in range(1, 1000)) if c not in codes)
        codes.add(code)
        plan[prefecture].append(code)
    offices = []
    for prefecture, office_codes in plan.items():
        lines = sorted(line for line in areas if line.startswith(prefecture) and line not in served)
        for position, code in enumerate(office_codes):
            own = lines[position :: len(office_codes)] or [prefecture]
            home = areas[own[0]][0] if own[0] in areas else None
            offices.append(
                Office(
                    code=code,
                    name=f"ハローワーク{own[0].removeprefix(prefecture)}",
                    postal_code=home.postal_code if home else "100-0001",
                    address=f"{home.prefecture}{home.city}１－１" if home else prefecture,
                    phone=people.fixed_phone(),
                    opening_hours="平日 8時30分〜17時15分",
                    service_area="\n".join(own),
                )
            )
    Office.objects.bulk_create(offices)


def _home_line(office: Office, areas: dict[str, list[PostalArea]]) -> str:
    """The 管轄区域 line of the office's own address ('鹿児島県伊佐市'), or ''."""
    return next(
        (
            line
            for line, postal in areas.items()
            if office.address.startswith(line)
            and any(p.postal_code == office.postal_code for p in postal)
        ),
        "",
    )


def office_areas(offices: list[Office], areas: dict[str, list[PostalArea]]) -> dict:
    """Where each office's applicants live: the postal codes of its 管轄区域, else (the default
    office, which serves what no other does) of its own 市区町村, else anywhere."""
    everywhere = [area for postal in areas.values() for area in postal]
    result = {}
    for office in offices:
        lines = office.service_area.split() or [_home_line(office, areas)]
        result[office.pk] = [area for line in lines for area in areas.get(line, [])] or everywhere
    return result


def ensure_staff(offices: list[Office], people: People) -> dict[int, list[int]]:
    """Every office's counter staff (pks), STAFF_PER_OFFICE at least: the seed makes the
    missing ones, members of 窓口職員, with unusable passwords (a clerk who is to log in sets
    one with `changepassword`)."""
    group = Group.objects.get(name=COUNTER_STAFF_GROUP)
    staff = defaultdict(list)
    for pk, office_id in User.objects.filter(is_staff=True, office__isnull=False).values_list(
        "pk", "office_id"
    ):
        staff[office_id].append(pk)
    new = []
    for office in offices:
        for n in range(len(staff[office.pk]), STAFF_PER_OFFICE):
            family, given = people.name("")
            user = User(
                email=f"staff{n + 1}.{office.code}@example.jp",
                name=f"{family[0]} {given[0]}",
                is_staff=True,
                office=office,
            )
            user.set_unusable_password()
            new.append(user)
    User.objects.bulk_create(new)
    group.user_set.add(*new)
    for user in new:
        staff[user.office_id].append(user.pk)
    return dict(staff)


def share_out(total: int, offices: list[Office], main_share: float, seed: int) -> dict[int, int]:
    """How many applications each office gets: `main_share` of them to the default office (the
    one a counter clerk is measured in), the rest over the others by random weights, as offices
    differ in size."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, no secret
    main = next((o for o in offices if o.code == settings.DEFAULT_OFFICE_CODE), offices[0])
    others = [o for o in offices if o.pk != main.pk]
    counts = {main.pk: round(total * main_share) if others else total}
    weights = [rng.lognormvariate(0, 0.8) for _ in others]
    rest, weight_sum = total - counts[main.pk], sum(weights)
    shares = [rest * weight / weight_sum for weight in weights]
    for office, share in zip(others, shares, strict=True):
        counts[office.pk] = int(share)
    # What rounding down left over, one each to the offices it cut most (largest remainder).
    left = total - sum(counts.values())
    by_remainder = sorted(zip(others, shares, strict=True), key=lambda o: int(o[1]) - o[1])
    for office, _share in by_remainder[:left]:
        counts[office.pk] += 1
    return counts


def reserve_serials(counts: dict[int, int]) -> dict[int, int]:
    """Takes `counts[office]` serials from each office's counter at once, under the row locks
    allocate_number takes, and returns the first serial of each block: numbers the app issues
    later, or during the seed, come after the block and never collide with it."""
    first = {}
    with transaction.atomic():
        locked = Office.objects.select_for_update().filter(pk__in=counts).order_by("pk")
        for office in locked:
            if office.last_serial + counts[office.pk] > numbers.MAX_SERIAL:
                raise ValueError(f"Office {office.code} has too few serials left.")
            first[office.pk] = office.last_serial + 1
            office.last_serial += counts[office.pk]
            office.save(update_fields=["last_serial"])
    return first
