"""The flyer's answers for each step of the 求職申込み, and helpers to post them."""

STEP_NAMES = ["basic", "disclosure", "preferences", "location", "education", "career", "pr"]

# Only the flyer's 必須 items, with its suggested choices (「時間短縮のため、ひとまず以下を選択」).
FLYER_ANSWERS = {
    "basic": {
        "family_name": "大口",
        "given_name": "太郎",
        "family_name_kana": "おおくち",
        "given_name_kana": "ﾀﾛｳ",
        "birth_date_year": "１９９０",
        "birth_date_month": "5",
        "birth_date_day": "1",
        "gender": "male",
        "postal_code": "895-2511",
        "prefecture": "鹿児島県",
        "city": "伊佐市大口里",
        "street": "768-1",
        "phone_mobile": "090-1234-5678",
        "email": "taro@example.jp",
    },
    "disclosure": {
        "disclosure": "private",
        "info_provision": "neither",
        "contact_allowed": "yes",
        "contact_methods": ["post", "mobile_phone"],
    },
    "preferences": {
        "employment_type": "full_time",
        "employment_period": "indefinite",
        "desired_occupation": "undecided",
        "work_hours": "none",
        "holidays": "none",
    },
    "location": {},
    "education": {"education": "high", "education_status": "graduated"},
    "career": {
        "job1_kind": "employed",
        "job1_employment_form": "正社員",
        "job1_job_description": "機械組立作業",
        "job1_end_year": "2024",
        "job1_end_month": "3",
        "job1_status": "left",
        "job1_leaving_reason": "personal",
    },
    "pr": {},
}


def step_url(step: str) -> str:
    return f"/mypage/apply/{step}/"


def tab_states(client, step: str = "basic") -> dict[str, str]:
    """Each step's tab state (done, error, notice, draft, empty) on `step`'s page."""
    return {tab["step"]: tab["state"] for tab in client.get(step_url(step)).context["tabs"]}


def post_step(client, step: str, answers: dict | None = None, **buttons):
    """Posts `answers` (field names without prefix) as the page of `step` would."""
    answers = FLYER_ANSWERS[step] if answers is None else answers
    data = {f"{step}-{name}": value for name, value in answers.items()}
    data["application_wizard-current_step"] = step
    data.update(buttons)
    return client.post(step_url(step), data)


CONFIRM_URL = "/mypage/apply/confirm/"


def send_from_confirm(client, send: str = "apply", renew: bool = False):
    """Opens 登録内容の確認 and presses its button (`send`: apply, correct or renew)."""
    page = client.get(CONFIRM_URL + ("?renew=1" if renew else ""))
    if page.status_code == 302:  # a step to fix first
        return page
    version = page.context["answers_version"]
    return client.post(CONFIRM_URL, {"send": send, "answers_version": version})


def save_correction(client, step: str, answers: dict | None = None, **buttons):
    """A registered person's correction of `step`: 変更内容を確認する, then この内容で変更する."""
    response = post_step(client, step, answers, save_changes="1", **buttons)
    if response.status_code != 302 or response.url != CONFIRM_URL:
        return response
    return send_from_confirm(client, "correct")


def complete_steps(client, up_to: str = "pr", send: bool = True):
    """Goes through the steps with the flyer's answers, pressing twice where the notice asks;
    after the last, 登録内容の確認 and この内容で申し込む unless not `send`."""
    for step in STEP_NAMES:
        response = post_step(client, step)
        if response.url == step_url(step):  # the 未入力 notice: the page names the items
            page = client.get(step_url(step))
            signature = page.context["form"].empty_signature
            response = post_step(client, step, {**FLYER_ANSWERS[step], "empty_ack": signature})
        if step == up_to:
            break
    if up_to == STEP_NAMES[-1] and send and response.url == CONFIRM_URL:
        return send_from_confirm(client)
    return response
