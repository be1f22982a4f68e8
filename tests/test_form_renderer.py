"""The site's form renderer keeps option widgets' HTML, and it is always the HTML of now (#6).

A kept widget must never show another person's choice, another language, or text typed by
someone else.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation

from hellowork.forms import SiteFormRenderer


class Survey(forms.Form):
    prefecture = forms.ChoiceField(
        choices=[("", "未選択"), ("鹿児島県", "鹿児島県"), ("熊本県", "熊本県")]
    )
    gender = forms.ChoiceField(
        choices=[("male", "男性"), ("female", "女性")], widget=forms.RadioSelect
    )
    city = forms.CharField()


def test_kept_widgets_render_exactly_as_the_templates_do():
    """Every answer, kept or not, gives the HTML the templates give."""
    kept, plain = SiteFormRenderer(), TemplatesSetting()
    for data in (
        {"prefecture": "熊本県", "gender": "female", "city": "伊佐市"},
        {"prefecture": "鹿児島県", "gender": "male", "city": ""},
        {"prefecture": "熊本県", "gender": "female", "city": "水俣市"},
        {},
    ):
        for _ in range(2):  # the second time from what was kept
            html = "".join(str(f) for f in Survey(data, renderer=kept).visible_fields())
            expected = "".join(str(f) for f in Survey(data, renderer=plain).visible_fields())
            assert html == expected


def test_a_kept_widget_follows_the_value_and_the_language():
    renderer = SiteFormRenderer()
    kumamoto = str(Survey({"prefecture": "熊本県"}, renderer=renderer)["prefecture"])
    kagoshima = str(Survey({"prefecture": "鹿児島県"}, renderer=renderer)["prefecture"])
    assert "selected>熊本県" in kumamoto and "selected>熊本県" not in kagoshima

    class Translated(forms.Form):
        disclosure = forms.ChoiceField(
            choices=[("", translation.gettext_lazy("未選択"))],
            widget=forms.RadioSelect,
        )

    with translation.override("ja"):
        japanese = str(Translated(renderer=renderer)["disclosure"])
    with translation.override("en"):
        english = str(Translated(renderer=renderer)["disclosure"])
    assert "未選択" in japanese and "未選択" not in english


def test_text_typed_by_someone_is_never_kept():
    renderer = SiteFormRenderer()
    str(Survey({"city": "伊佐市大口里768-1"}, renderer=renderer)["city"])
    assert not any("伊佐市大口里768-1" in str(key) for key in renderer._widget_html)
