"""``{% empty_trial_row formset %}``: the antidepressants step's blank medicine row, the
``<template>`` its script copies when the patient adds a medicine."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

register = template.Library()

# {(language, complete): html}. The blank row depends only on the code (the form, its template)
# and on these two, never on the patient or on the database: rendered once per process for each,
# it is then served as it is (rendering its ten fields took about a third of the step's time).
_EMPTY_ROWS = {}


@register.simple_tag
def empty_trial_row(formset):
    key = (get_language(), formset.complete)
    html = _EMPTY_ROWS.get(key)
    if html is None:
        html = render_to_string(
            "intake/includes/trial_row.html",
            {"row": formset.empty_form, "number": "__number__", "index": "__prefix__"},
        )
        _EMPTY_ROWS[key] = html
    return html
