"""Two tabs open the wizard after a change at the counter: the later never wipes what the
earlier saved on the draft it rebuilt (jobseeker.wizard.storage)."""

import copy

import pytest
from django.utils import timezone

from jobseeker.models import Application, ApplicationDraft
from jobseeker.wizard import storage

from .test_wizard import shown
from .wizard_helpers import complete_steps, step_url

pytestmark = pytest.mark.django_db


def test_a_tab_rebuilding_the_draft_keeps_a_step_another_tab_saved_meanwhile(
    client, taro, monkeypatch
):
    complete_steps(client)
    client.get(step_url("basic"))
    application = Application.objects.get(user=taro)
    application.phone_mobile = "080-1111-2222"
    application.answers_changed_at = timezone.now()
    application.save()
    rebuild = storage.draft_from_application

    def the_other_tab_rebuilds_and_saves_a_step_meanwhile(application):
        rebuilt = rebuild(application)
        saved = copy.deepcopy(rebuilt)
        saved["step_data"]["basic"]["basic-building"] = ["別のタブで入力"]
        ApplicationDraft.objects.filter(user=taro).update(data=saved, updated_at=timezone.now())
        monkeypatch.setattr(storage, "draft_from_application", rebuild)
        return rebuilt

    monkeypatch.setattr(
        storage, "draft_from_application", the_other_tab_rebuilds_and_saves_a_step_meanwhile
    )
    basic = shown(client, "basic")
    assert basic["building"] == ["別のタブで入力"]
    assert basic["phone_mobile"] == ["080-1111-2222"]
    stored = ApplicationDraft.objects.get(user=taro).data
    assert stored["step_data"]["basic"]["basic-building"] == ["別のタブで入力"]
