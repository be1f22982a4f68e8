"""The 求職番号 format: `NNNNN-NNNNNNNN`.

Five digits of the office code, a hyphen, then a seven-digit serial and one check digit. The check
digit is computed with the Damm algorithm over all twelve digits before it (office code + serial),
so every single-digit typo and every transposition of two adjacent digits anywhere in the number,
across the hyphen too, makes `is_valid` false. Only ASCII digits count as digits here: `\\d` and
`str.isdigit` would also take full-width and other scripts' digits, which `normalize` converts.
"""

import re
import unicodedata

from accounts.fields import DASHES

OFFICE_CODE_LENGTH = 5
SERIAL_LENGTH = 7
MAX_SERIAL = 10**SERIAL_LENGTH - 1
# Digits in a 求職番号, the check digit included: 13.
NUMBER_LENGTH = OFFICE_CODE_LENGTH + SERIAL_LENGTH + 1

# A totally anti-symmetric quasigroup of order 10 (Damm 2004): with it, the interim digit ends at
# 0 for a correct number and nowhere else after any single substitution or adjacent swap.
_DAMM_TABLE = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_ASCII_DIGITS = re.compile(r"[0-9]+")
_CANONICAL = re.compile(r"([0-9]{5})-([0-9]{8})")
# What stands for the hyphen after NFKC: an IME's ー (かな mode), dashes, minus signs.
# NFKC has already turned the full-width － into "-" and the half-width ｰ into ー.
_SEPARATORS = re.compile(rf"[\s\-{re.escape(DASHES)}]+")


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM_TABLE[interim][ord(digit) - 48]
    return interim


def check_digit(digits: str) -> str:
    """The Damm check digit of a string of ASCII digits: check_digit("746010000001") == "8"."""
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValueError(f"check_digit() takes ASCII digits, not {digits!r}")
    return str(_damm(digits))


def format_number(office_code: str, serial: int) -> str:
    """The 求職番号 for a serial at an office: format_number("74601", 1) == "74601-00000018"."""
    if not (len(office_code) == OFFICE_CODE_LENGTH and _ASCII_DIGITS.fullmatch(office_code)):
        raise ValueError(f"an office code is five ASCII digits, not {office_code!r}")
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"a serial is 0 to {MAX_SERIAL}, not {serial}")
    body = f"{office_code}{serial:0{SERIAL_LENGTH}d}"
    return f"{office_code}-{body[OFFICE_CODE_LENGTH:]}{check_digit(body)}"


def is_valid(number: str) -> bool:
    """Whether `number` is a canonical 求職番号 whose check digit is right."""
    match = _CANONICAL.fullmatch(number)
    return bool(match) and _damm(match[1] + match[2]) == 0


def typed_digits(typed: str) -> str:
    """What was typed without its hyphens, spaces and widths: "７４６０１ー０００" -> "74601000".
    Letters and other signs stay, so a caller can tell a number from a name by `isascii` and
    `isdigit` of the result."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed))


def normalize(typed: str) -> str | None:
    """What a person or a 2D-code scanner typed, as "NNNNN-NNNNNNNN", or None if not 13 digits.

    Full-width digits, spaces (also inside) and any dash look-alike in place of the hyphen are
    accepted. The check digit is not checked here: that is `is_valid`'s job, so that a caller can
    tell "not a number" from "a mistyped number".
    """
    digits = typed_digits(typed)
    if len(digits) != NUMBER_LENGTH or not _ASCII_DIGITS.fullmatch(digits):
        return None
    return f"{digits[:OFFICE_CODE_LENGTH]}-{digits[OFFICE_CODE_LENGTH:]}"


def single_digit_corrections(number: str) -> list[str]:
    """The valid numbers one digit away from a mistyped `number` (canonical form).

    With a Damm check digit, each position has at most one replacement digit that makes the
    number valid, so there are at most 13 candidates.
    """
    digits = number.replace("-", "")
    candidates = []
    for position in range(len(digits)):
        for digit in "0123456789":
            if digit == digits[position]:
                continue
            changed = digits[:position] + digit + digits[position + 1 :]
            candidate = f"{changed[:5]}-{changed[5:]}"
            if is_valid(candidate):
                candidates.append(candidate)
    return candidates
