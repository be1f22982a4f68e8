"""The site-wide form renderer: one field template (label, 必須/任意, hint, error) for all.

Fields and widgets are drawn by Django's template language from the project's templates, which
come before Django's own (TemplatesSetting): templates/forms/ (the form, the field, the birth
date's boxes) and templates/django/forms/widgets/ (Django's input, select and option templates,
without what every form of the site leaves out: required, type="text", a second id). The admin's
own widgets are drawn by their own templates, through the same overrides.
"""

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html
from django.utils.translation import gettext


class SiteBoundField(BoundField):
    @property
    def requirement_mark(self) -> str:
        """※必須 and its kin after the label: <b> draws the eye to what must be filled in,
        <small> to what may be left out."""
        field = self.field
        if getattr(field, "either_required", False):
            return format_html(" <b>{}</b>", gettext("※どちらか必須"))
        if field.required:
            return format_html(" <b>{}</b>", gettext("※必須"))
        if getattr(field, "required_when", None):
            return format_html(" <b>{}</b>", field.required_when)
        if (
            getattr(field, "marks_optional", False)
            or getattr(self.form, "marks_optional", None) is not False
        ):
            return format_html(" <small>{}</small>", gettext("※任意"))
        return ""


class SiteFormRenderer(TemplatesSetting):
    """Draws forms with the templates of the TEMPLATES setting: the site's, then Django's."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = SiteBoundField
