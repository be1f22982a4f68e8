"""The lines of a form's error summary (forms/error_summary.html), each "where：what".

A template tag library, registered in TEMPLATES' OPTIONS["libraries"] as `error_summary`.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _where_what(where, what) -> str:
    return _("%(label)s：%(error)s") % {"label": where, "error": what}


@register.simple_tag
def error_summary_lines(form) -> list[dict]:
    """Every error of `form` as {"href": the field's anchor (None for the form's own), "text"}.

    A message that names its item is the what alone, after its group (経歴1) if it has one;
    the others' where is the label, preceded by its group when several groups share the label
    (仕事内容 of 経歴1, 経歴2 …).
    """
    lines = [{"href": None, "text": str(error)} for error in form.non_field_errors()]
    for field in form.visible_fields():
        href = "#" + (field.id_for_label or f"{field.auto_id}_0")
        label = str(field.label)
        group = getattr(field.field, "group", None)
        for error in field.errors:
            if label in error:
                text = _where_what(group, error) if group else error
            else:
                text = _where_what(f"{group} {label}" if group else label, error)
            lines.append({"href": href, "text": text})
    return lines
