"""The site-wide form renderer: one field template (label, 必須/任意, hint, error) for all."""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
