"""The site's form renderer draws every field with the site's templates (templates/forms/ and
Django's widget templates as templates/django/forms/widgets/ overrides them), escaping what people
typed, and still draws the admin's own widgets by their own templates."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, FilteredSelectMultiple
from django.utils import translation

from hellowork.forms import SiteFormRenderer


def test_every_form_is_drawn_by_the_site_renderer():
    assert isinstance(forms.Form().renderer, SiteFormRenderer)


class Survey(forms.Form):
    prefecture = forms.ChoiceField(
        choices=[("", "未選択"), ("鹿児島県", "鹿児島県"), ("熊本県", "熊本県")]
    )
    gender = forms.ChoiceField(
        choices=[("male", "男性"), ("female", "女性")], widget=forms.RadioSelect
    )
    city = forms.CharField(label="市区町村")
    note = forms.CharField(label="備考", required=False, widget=forms.Textarea)
    visited = forms.DateField(required=False, widget=AdminDateWidget)


def test_typed_text_is_shown_escaped_in_its_box():
    form = Survey({"city": '"><script>alert(1)</script>', "note": "</textarea><b>x"})
    html = form.render()
    assert "<script>" not in html and "<b>x" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "&lt;/textarea&gt;&lt;b&gt;x</textarea>" in html


def test_each_field_says_whether_it_must_be_filled_in_in_the_active_language():
    with translation.override("ja"):
        html = str(Survey()["city"].as_field_group())
        assert '<label for="id_city">市区町村 <b>※必須</b></label>' in html
        assert "<small>※任意</small>" in str(Survey()["note"].as_field_group())
    with translation.override("en"):
        assert "※必須" not in str(Survey()["city"].as_field_group())


def test_the_chosen_option_is_the_one_selected_and_the_first_option_needs_no_mark():
    html = str(Survey({"prefecture": "熊本県", "gender": "female"})["prefecture"])
    assert "<option>熊本県" not in html and "<option selected>熊本県" in html
    assert '<option value="">未選択' in html
    radios = str(Survey({"gender": "female"})["gender"])
    assert 'value="female" id="id_gender_0"' not in radios  # only the first option has an id
    assert (
        '<label><input type="radio" name="gender" value="female" checked><span>女性</span></label>'
        in radios
    )


def test_a_multiple_select_keeps_its_first_option_chosen():
    """The admin's group picker: a staff member in the one group keeps it when saved."""

    class Staff(forms.Form):
        groups = forms.MultipleChoiceField(
            choices=[("1", "窓口職員"), ("2", "管理者")],
            widget=FilteredSelectMultiple("groups", is_stacked=False),
        )

    assert '<option value="1" selected>窓口職員' in str(Staff({"groups": ["1"]})["groups"])
    assert "selected" not in str(Staff({"groups": []})["groups"])


def test_a_field_group_carries_no_whitespace_between_tags():
    html = str(Survey({"note": ""})["note"].as_field_group())
    assert "> <" not in html and ">\n<" not in html


def test_an_admin_widget_is_drawn_by_its_own_template():
    html = str(Survey({"visited": "2026-11-25"})["visited"])
    assert 'class="vDateField"' in html and 'value="2026-11-25"' in html
