"""The site-wide form renderer: one field template (label, 必須/任意, hint, error) for all."""

from datetime import date, datetime, time

from django.conf import settings
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.safestring import SafeData
from django.utils.translation import get_language

# Option widgets rendered (their HTML) kept per process; a full cache is emptied and starts again.
WIDGET_CACHE_SIZE = 1000


class _Uncacheable(Exception):
    pass


def _frozen(value):
    """`value` as a hashable key that tells apart everything a template could render apart."""
    kind = type(value)
    if kind is str:
        return value
    if kind is dict:
        return (dict, tuple([(key, _frozen(item)) for key, item in value.items()]))
    if kind is list or kind is tuple:
        return (kind, tuple([_frozen(item) for item in value]))
    if value is None or kind is bool or kind is int or kind is float:
        # Tagged: True and 1 are equal keys but render differently.
        return (kind, value)
    if isinstance(value, SafeData):
        # Not escaped: a safe "a&amp;b" and a plain "a&b" differ.
        return (SafeData, str(value))
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, date | datetime | time):
        return (kind, value.isoformat())
    raise _Uncacheable


def _holds_no_typed_text(widget: dict) -> bool:
    """A widget with options (its value is among them) or an empty box: nothing personal."""
    if "optgroups" in widget:
        return True
    return widget.get("value") in (None, "") and "subwidgets" not in widget


class SiteFormRenderer(TemplatesSetting):
    """Renders forms with the site's templates; an option widget's HTML is kept per process.

    A widget's context is plain data (its name, value, attributes and options), so the same
    context in the same language always gives the same HTML. Select boxes, radio buttons and
    check boxes with their options were most of a wizard page's CPU time (issue #6's
    benchmark). Only widgets with options and empty boxes are kept: a filled box's value is
    what someone typed, and no personal data is kept between requests. With DEBUG on,
    templates are read afresh on every render, so nothing is kept.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._widget_html: dict = {}

    def render(self, template_name, context, request=None):
        if (
            settings.DEBUG
            or request is not None
            or context.keys() != {"widget"}
            or not _holds_no_typed_text(context["widget"])
        ):
            return super().render(template_name, context, request)
        try:
            key = (template_name, get_language(), _frozen(context["widget"]))
        except _Uncacheable:
            return super().render(template_name, context, request)
        html = self._widget_html.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            if len(self._widget_html) >= WIDGET_CACHE_SIZE:
                self._widget_html.clear()
            self._widget_html[key] = html
        return html
