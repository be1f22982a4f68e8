"""The lines of a form's error summary (forms/error_summary.html, and the counter's
admin/error_summary.html), each "where：what" linked to the field.

A template tag library, registered in TEMPLATES' OPTIONS["libraries"] as `error_summary`.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _where_what(where, what) -> str:
    return _("%(label)s：%(error)s") % {"label": where, "error": what}


def _field_lines(form, group=None) -> list[dict]:
    """The errors of `form`'s fields; `group` names the form among several (資格・免許 2)."""
    lines = []
    for field in form.visible_fields():
        href = "#" + (field.id_for_label or f"{field.auto_id}_0")
        label = str(field.label)
        # A field of a repeated entry (経歴1 …) is always named "entry item", so that the
        # lines of one entry read alike even where the message names its item too.
        entry = getattr(field.field, "group", None) if group is None else None
        field_group = group or entry
        for error in field.errors:
            if entry:
                text = _where_what(f"{entry} {label}", error)
            elif label in error:
                text = _where_what(field_group, error) if field_group else error
            else:
                text = _where_what(f"{field_group} {label}" if field_group else label, error)
            lines.append({"href": href, "text": text})
    return lines


@register.simple_tag
def error_summary_lines(form) -> list[dict]:
    """Every error of `form` as {"href": the field's anchor (None for the form's own), "text"}.

    A message that names its item is the what alone; the others' where is the label. A field
    of a repeated entry (経歴1, 経歴2 … of the wizard) is always "entry label：what".
    """
    lines = [{"href": None, "text": str(error)} for error in form.non_field_errors()]
    return lines + _field_lines(form)


@register.simple_tag
def admin_error_summary_lines(adminform, inline_admin_formsets=()) -> list[dict]:
    """As error_summary_lines, for an admin change form and its inlines: a row of an inline is
    named by what one row is and its place (資格・免許 2, 経歴 1), as the page numbers it."""
    lines = error_summary_lines(adminform.form)
    for inline in inline_admin_formsets:
        title = str(inline.opts.verbose_name)
        formset = inline.formset
        lines += [{"href": None, "text": str(error)} for error in formset.non_form_errors()]
        for number, form in enumerate(formset.forms, start=1):
            group = f"{title} {number}"
            lines += [
                {"href": None, "text": _where_what(group, error)}
                for error in form.non_field_errors()
            ]
            lines += _field_lines(form, group)
    return lines
