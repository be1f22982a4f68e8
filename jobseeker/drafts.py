"""A wizard draft made from a stored application, so its 変更 pages show what is registered.

Needed when the application was typed in at the counter, or changed there after the applicant's
last visit: the draft must never hold older values than the application it would overwrite.
"""

from .forms import QUALIFICATION_ROWS, STEPS, WORK_HISTORY_ROWS, WORK_ITEMS
from .models import Application

_MODEL_FIELDS = {
    step: [name for name in form.base_fields if hasattr(Application, name)]
    for step, form in STEPS.items()
}


def _raw(value) -> list[str]:
    """A stored value as the browser would post it: always a list of strings."""
    if value is None:
        return [""]
    if isinstance(value, list):
        return [str(item) for item in value]
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return [value.strftime("%H:%M")]
    return [str(value)]


def _step_data(application: Application, step: str) -> dict[str, list[str]]:
    data = {f"{step}-{name}": _raw(getattr(application, name)) for name in _MODEL_FIELDS[step]}
    if step == "basic":
        birth = application.birth_date
        for part, value in (("year", birth.year), ("month", birth.month), ("day", birth.day)):
            data[f"basic-birth_date_{part}"] = [str(value)]
    if step == "education":
        for row, qualification in enumerate(
            application.qualifications.all()[:QUALIFICATION_ROWS], 1
        ):
            data[f"education-qualification_{row}_name"] = [qualification.name]
            data[f"education-qualification_{row}_year"] = _raw(qualification.year)
    if step == "career":
        for row, work in enumerate(application.work_histories.all()[:WORK_HISTORY_ROWS], 1):
            for name in (*WORK_ITEMS, "leaving_reason"):
                data[f"career-job{row}_{name}"] = _raw(getattr(work, name))
    soft_fields = STEPS[step].soft_fields
    if soft_fields:
        # A registered application has passed the 未入力 notice once; keep it passed.
        empty = STEPS[step].empty_soft_fields_in(vars(application))
        data[f"{step}-empty_ack"] = [",".join(empty)]
    return data


def draft_from_application(application: Application) -> dict:
    """formtools storage data holding every step of `application`, all steps checked, and what
    is registered beside it (extra_data "registered"), which the wizard's tabs compare each
    step's input with while it is being corrected."""
    step_data = {step: _step_data(application, step) for step in STEPS}
    return {
        "step": "basic",
        "step_data": step_data,
        "step_files": {},
        "extra_data": {"checked": list(STEPS), "registered": dict(step_data)},
    }
