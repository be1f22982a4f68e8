"""The site-wide form renderer: one field template (label, 必須/任意, hint, error) for all.

Fields and widgets are drawn by Jinja2 templates (templates/jinja2/), pages by Django's
template language. A wizard page draws some forty fields and widgets, and Django's template
language spent most of a step page's CPU time on them (issue #6's benchmark); Jinja2 compiles
a template to Python and draws the same HTML in a fraction of the time. A widget without a
Jinja2 template (the admin's own) is drawn by Django's template language, as before.
"""

from pathlib import Path

import django.forms
import jinja2
from django.conf import settings
from django.forms import BoundField
from django.forms.renderers import BaseRenderer
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_spaces_between_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext

# Django's own Jinja2 widget templates, for the widgets the site does not draw its own way.
DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "jinja2"


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
        if getattr(self.form, "marks_optional", None) is not False:
            return format_html(" <small>{}</small>", gettext("※任意"))
        return ""


def _spaceless(html: str) -> SafeString:
    """As Django's {% spaceless %}: no whitespace between tags (the page budget)."""
    return SafeString(strip_spaces_between_tags(str(html).strip()))


def environment(**options) -> jinja2.Environment:
    # Django's Jinja2 backend passes autoescape=True (its default) among the options.
    env = jinja2.Environment(**options)  # noqa: S701
    env.filters["spaceless"] = _spaceless
    return env


class SiteFormRenderer(BaseRenderer):
    """Draws forms with the site's Jinja2 templates, then Django's, then any other template."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = SiteBoundField

    @cached_property
    def engine(self) -> Jinja2:
        return Jinja2(
            {
                "NAME": "forms",
                "DIRS": [settings.BASE_DIR / "templates" / "jinja2", DJANGO_FORM_TEMPLATES],
                "APP_DIRS": False,
                "OPTIONS": {"environment": "hellowork.forms.environment"},
            }
        )

    def get_template(self, template_name):
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
