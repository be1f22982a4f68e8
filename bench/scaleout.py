"""Scale-out proof: two gunicorn servers over one PostgreSQL database, applicants through both.

    bench/scaleout [--applicants 60] [--concurrency 12]

Creates the database hellowork_scaleout afresh (migrated, with the demo office), starts two
gunicorn servers (2 workers each, DEBUG off) on two loopback ports and the mail queue's task
worker (`manage.py db_worker`, which sends every mail, the 認証キー too), and drives the applicants
concurrently. Each one gives the mail address on one server and the 認証キー and password on
the other, then fills the seven steps alternating servers, logs out on one and in on the other
half-way, and completes on either; every fifth applicant stops after 学歴・資格 and leaves a draft.

Then it checks in the database that every 求職番号 is unique, valid (check digit) and the one
the マイページ showed; that every application holds exactly what the step forms make of what
was sent; that every draft holds exactly what was posted (after completing: what was
registered); that the worker sent every mail, the completion mails too; and that no request
got a 5xx.
Prints a summary; the exit code is 1 on any failure.
"""

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.answers import STEP_NAMES, answers_of, email_of  # noqa: E402
from bench.client import Browser, ServerError  # noqa: E402
from bench.journey import Outcome, register  # noqa: E402
from bench.servers import Site  # noqa: E402


def client_address(index: int) -> str:
    return f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"


def drive(index: int, run: str, site: Site, ports: list[int]) -> tuple[Outcome, Browser]:
    email = email_of(run, index)
    browser = Browser(client_address=client_address(index))
    # Half start on the first server, half on the second.
    order = ports if index % 2 == 0 else list(reversed(ports))
    try:
        outcome = register(
            browser,
            email,
            answers_of(index, email),
            site.mailbox,
            order,
            stop_after="education" if index % 5 == 4 else None,
        )
    except (ServerError, OSError, LookupError) as error:
        outcome = Outcome(email=email, error=f"{type(error).__name__}: {error}")
    return outcome, browser


def expected_values(outcome: Outcome):
    """What the wizard's own step forms make of what the applicant posted."""
    from jobseeker.forms import STEPS

    cleaned, birth_date = {}, None
    for step in STEP_NAMES:
        data = {key: value for key, value in outcome.sent[step].items()}
        form = STEPS[step](_querydict(data), prefix=step, birth_date=birth_date)
        if not form.is_valid():
            return None, f"step {step} as sent is invalid: {form.errors.as_json()}"
        cleaned[step] = form.cleaned_data
        if step == "basic":
            birth_date = form.cleaned_data["birth_date"]
    return cleaned, ""


def _querydict(data: dict[str, list[str]]):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def check(outcomes: list[Outcome]) -> list[str]:
    """Every failure found in the database, as one line each."""
    from jobseeker import numbers
    from jobseeker.drafts import draft_from_application
    from jobseeker.models import Application, ApplicationDraft
    from jobseeker.services.applications import _APPLICATION_FIELDS

    failures = []
    applications = {
        a.user.email: a
        for a in Application.objects.select_related("user")
        .prefetch_related("qualifications", "work_histories")
        .filter(user__email__in=[o.email for o in outcomes])
    }
    drafts = {
        d.user.email: d.data
        for d in ApplicationDraft.objects.select_related("user").filter(
            user__email__in=[o.email for o in outcomes]
        )
    }
    all_numbers = list(Application.objects.exclude(number=None).values_list("number", flat=True))
    if len(all_numbers) != len(set(all_numbers)):
        failures.append(f"duplicate 求職番号: {len(all_numbers) - len(set(all_numbers))}")
    for outcome in outcomes:
        who = outcome.email
        finished = len(outcome.sent) == len(STEP_NAMES)
        draft = drafts.get(who)
        if draft is None:
            failures.append(f"{who}: no draft")
            continue
        application = applications.get(who)
        if not finished:
            for step, sent in outcome.sent.items():
                if draft["step_data"].get(step) != sent:
                    failures.append(f"{who}: draft of {step} differs from what was posted")
            if application is not None:
                failures.append(f"{who}: stopped half-way but has an application")
            continue
        if application is None:
            failures.append(f"{who}: completed but has no application")
            continue
        if not application.user.sent_mails.filter(tag="registration-complete").exists():
            failures.append(f"{who}: no 求職登録完了のお知らせ sent by the task worker")
        # Registering makes the draft what was registered: the 変更 pages show it.
        if draft["step_data"] != draft_from_application(application)["step_data"]:
            failures.append(f"{who}: draft differs from what was registered")
        if not numbers.is_valid(application.number):
            failures.append(f"{who}: invalid 求職番号 {application.number}")
        if application.number != outcome.number:
            failures.append(
                f"{who}: マイページ showed {outcome.number}, database has {application.number}"
            )
        cleaned, problem = expected_values(outcome)
        if problem:
            failures.append(f"{who}: {problem}")
            continue
        for step_answers in cleaned.values():
            for name, value in step_answers.items():
                if name in _APPLICATION_FIELDS and getattr(application, name) != value:
                    failures.append(
                        f"{who}: {name} is {getattr(application, name)!r}, sent {value!r}"
                    )
        stored_work = [
            {name: getattr(w, name) for name in entry}
            for w, entry in zip(
                application.work_histories.all(),
                cleaned["career"]["work_histories"],
                strict=False,
            )
        ]
        if stored_work != cleaned["career"]["work_histories"]:
            failures.append(f"{who}: work history differs from what was sent")
        stored_qualifications = [
            {"name": q.name, "year": q.year} for q in application.qualifications.all()
        ]
        if stored_qualifications != cleaned["education"]["qualifications"]:
            failures.append(f"{who}: qualifications differ from what was sent")
    return failures


def wait_for_the_mail_queue(seconds: float = 60) -> dict[str, int]:
    """Waits until the task worker has sent every queued mail; returns what is left unsent."""
    from django.db.models import Count

    from accounts.models import SentMail

    deadline = time.monotonic() + seconds
    while True:
        unsent = dict(
            SentMail.objects.exclude(status=SentMail.Status.SENT)
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        if not unsent.get(SentMail.Status.PENDING) or time.monotonic() > deadline:
            return unsent
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--database", default="hellowork_scaleout")
    options = parser.parse_args()

    site = Site(database=options.database)
    print(f"Database {options.database}: recreating, migrating, demo office …", flush=True)
    site.create()
    ports = list(site.start(count=2, workers=2))
    print(f"gunicorn (2 workers each) on 127.0.0.1:{ports[0]} and :{ports[1]}", flush=True)
    run = f"{int(time.time())}"
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
            results = list(
                pool.map(
                    lambda i: drive(i, run, site, ports),
                    range(options.applicants),
                )
            )
        elapsed = time.perf_counter() - started
        site.setup_django()
        unsent = wait_for_the_mail_queue()
    finally:
        site.stop()
    outcomes = [outcome for outcome, _ in results]
    responses = [r for _, browser in results for r in browser.responses]
    per_port = {port: sum(1 for r in responses if r.port == port) for port in ports}

    failures = [f"{o.email}: {o.error}" for o in outcomes if o.error]
    failures += check([o for o in outcomes if not o.error])
    if unsent:
        failures.append(f"mails the task worker had not sent after the run: {unsent}")
    server_errors = sum(1 for r in responses if r.status >= 500)
    logged_errors = site.server_errors()
    if server_errors or logged_errors:
        failures.append(f"5xx answers: {server_errors} seen, {logged_errors} in the access logs")

    completed = [o for o in outcomes if o.number]
    print(
        f"\n{options.applicants} applicants, {options.concurrency} at a time, "
        f"in {elapsed:.1f} s over 2 servers ({len(responses)} requests)\n"
        f"  completed with a 求職番号: {len(completed)} "
        f"({len({o.number for o in completed})} distinct)\n"
        f"  left a draft half-way:    {sum(1 for o in outcomes if not o.number and not o.error)}\n"
        f"  5xx answers:              {server_errors} (access logs: {logged_errors})\n"
        f"  requests per server:      {per_port or '—'}\n"
        f"  server logs:              {site.workdir}"
    )
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for failure in failures[:50]:
            print(f"  {failure}")
        return 1
    print("\nOK: every 求職番号 unique and valid, every answer and draft as sent, no 5xx.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
