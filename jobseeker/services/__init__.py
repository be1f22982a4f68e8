"""The writes of jobseeker that matter, each with a docstring saying what it guarantees:
applications.py (issuing a 求職番号, submitting and correcting an application), renewal.py
(renewing it online), counter.py (what counter staff do to an application) and reminders.py
(the 有効期限 reminders). Callers use `services.<name>`.
"""

from .applications import (
    SerialsExhausted,
    allocate_number,
    application_values,
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
from .renewal import NotRegistered, renew_online, renewal_date

__all__ = [
    "AnswersChanged",
    "NotRegistered",
    "SerialsExhausted",
    "TransitionNotAllowed",
    "accept_at_counter",
    "allocate_number",
    "application_values",
    "answers_version",
    "change_at_counter",
    "discard_correction",
    "record_consultation",
    "register_at_counter",
    "renew_at_counter",
    "renew_online",
    "renewal_date",
    "send_expiry_reminders",
    "start_address_change_at_counter",
    "submit_application",
    "unlock_counter_link",
    "valid_until",
]
