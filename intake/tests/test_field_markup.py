"""The patient forms' fields drawn in Python (portal/form_rendering.py, portal/widget_html.py):
anything a patient or the clinic typed is escaped exactly where crispy-forms escapes it, and a
step page no longer draws its fields through templates (its speed, issue #17)."""

import pytest
from django import forms
from django.test.signals import template_rendered
from django.urls import reverse

from intake.views.pages import PAGES
from portal.form_rendering import FIELD_RENDERER

from .dom import LEAN_FORM, assert_forms_match, render

HOSTILE = "\"><script>alert('x')</script> & <b>"


class HostileForm(forms.Form):
    """Every widget kind the patient forms use, with markup in every place text can go."""

    default_renderer = FIELD_RENDERER

    name = forms.CharField(label=HOSTILE, help_text="See <a href='/help/'>help</a>")
    notes = forms.CharField(label=HOSTILE, widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(
        label=HOSTILE,
        choices=[("", HOSTILE), (HOSTILE, [("a", HOSTILE), ("b", "B")]), ("c", "C")],
    )
    answer = forms.ChoiceField(
        label=HOSTILE,
        widget=forms.RadioSelect,
        choices=[(HOSTILE, [("yes", HOSTILE)]), ("no", "No")],
    )
    agreed = forms.BooleanField(label=HOSTILE)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError(HOSTILE)


def hostile_form():
    data = {
        "name": HOSTILE,
        "notes": f"</textarea>{HOSTILE}",
        "kind": "a",
        "answer": "maybe",
        "secret": HOSTILE,
    }
    form = HostileForm(data)
    assert not form.is_valid()
    form.add_error("name", HOSTILE)
    return form


def test_typed_text_labels_choices_and_errors_are_escaped_as_crispy_escapes_them():
    # The whole form ({{ form }}) and each field alone (as_field_group), both ways.
    assert_forms_match(lambda: [hostile_form()], "a form with markup everywhere")
    lean = render(LEAN_FORM, hostile_form())
    assert "<script>" not in lean
    assert lean.count("&lt;script&gt;") >= 10
    # The help text is the form's own words, markup and all, as crispy prints it.
    assert "See <a href='/help/'>help</a>" in lean


@pytest.mark.parametrize("step", list(PAGES))
def test_a_step_page_draws_its_fields_without_a_template_per_field(client, patient, step):
    client.force_login(patient)
    drawn = []

    def record(sender, template, context, **kwargs):
        name = template.name or ""
        widget = context.get("widget") if name.startswith("django/forms/") else None
        drawn.append((name, widget and widget["name"]))

    template_rendered.connect(record)
    try:
        response = client.get(reverse("intake:step", args=[step]))
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 200
    assert 'class="mb-3' in response.content.decode()
    # The medicines' formset still draws its four hidden counters (trials-TOTAL_FORMS...) with
    # Django's own templates: they are not the patient's fields.
    field_templates = [
        (name, widget)
        for name, widget in drawn
        if name.startswith("portal/forms/") or (widget and not widget.endswith("_FORMS"))
    ]
    assert field_templates == []
