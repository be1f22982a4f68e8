"""The writes of jobseeker that matter, each with a docstring saying what it guarantees:
applications.py (issuing a 求職番号, submitting and correcting an application), counter.py
(what counter staff do to an application) and reminders.py (the 有効期限 reminders). Callers use
`services.<name>`.
"""

from .applications import (
    SerialsExhausted,
    allocate_number,
    discard_correction,
    submit_application,
    valid_until,
)
from .counter import (
    AnswersChanged,
    TransitionNotAllowed,
    accept_at_counter,
    answers_version,
    change_at_counter,
    record_consultation,
    register_at_counter,
    renew_at_counter,
    start_address_change_at_counter,
    unlock_counter_link,
)
from .reminders import send_expiry_reminders

__all__ = [
    "AnswersChanged",
    "SerialsExhausted",
    "TransitionNotAllowed",
    "accept_at_counter",
    "allocate_number",
    "answers_version",
    "change_at_counter",
    "discard_correction",
    "record_consultation",
    "register_at_counter",
    "send_expiry_reminders",
    "renew_at_counter",
    "start_address_change_at_counter",
    "submit_application",
    "unlock_counter_link",
    "valid_until",
]
