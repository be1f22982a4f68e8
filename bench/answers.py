"""What each simulated applicant types: the flyer's 必須 items, different for every applicant.

Typed as people type on a phone (hiragana for フリガナ, half-width kana, full-width digits,
hyphens in 郵便番号), so the server's conversions run on every registration.
"""

import copy

from tests.wizard_helpers import FLYER_ANSWERS, STEP_NAMES

__all__ = ["STEP_NAMES", "answers_of", "email_of", "posted"]
PASSWORD = "Bench-hello7"

_FAMILY = [("大口", "おおくち"), ("山田", "やまだ"), ("佐藤", "さとう"), ("鈴木", "すずき")]
_GIVEN = [("太郎", "ﾀﾛｳ"), ("花子", "はなこ"), ("一郎", "いちろう"), ("優子", "ゆうこ")]
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def email_of(run: str, index: int) -> str:
    return f"applicant{index}.{run}@example.jp"


def answers_of(index: int, email: str) -> dict[str, dict]:
    """Applicant `index`'s answers per step (field names without the step prefix): the
    flyer's answers of the test suite, with what makes each applicant different."""
    family, family_kana = _FAMILY[index % len(_FAMILY)]
    given, given_kana = _GIVEN[index // len(_FAMILY) % len(_GIVEN)]
    answers = copy.deepcopy(FLYER_ANSWERS)
    answers["basic"].update(
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        birth_date_year=str(1960 + index % 40).translate(_FULL_WIDTH_DIGITS),
        birth_date_month=str(1 + index % 12),
        birth_date_day=str(1 + index % 28),
        gender="female" if index % 2 else "male",
        street=f"{1 + index % 999}-1",
        phone_mobile=f"090-1234-{index % 10000:04d}",
        email=email,
    )
    answers["career"].update(
        job1_job_description=f"機械組立作業 {index}", job1_end_month=str(1 + index % 12)
    )
    return answers


def posted(step: str, answers: dict) -> dict[str, list[str]]:
    """The step's answers as the wizard stores them: prefixed names, lists of strings."""
    return {
        f"{step}-{name}": list(value) if isinstance(value, list) else [value]
        for name, value in answers.items()
    }
