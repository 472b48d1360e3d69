import pytest
from django.urls import reverse

from intake.questions import ANSWER_STEP_SLUGS

from .factories import step_data


@pytest.fixture
def save(client):
    """POST one step's answers (valid ones unless overridden) as the signed-in patient, with the
    version the step page currently shows."""

    def _save(step, **overrides):
        page = client.get(reverse("intake:step", args=[step]))
        version = page.context["version"]
        data = {"version": str(version), **step_data(step, **overrides)}
        return client.post(reverse("intake:step", args=[step]), data)

    return _save


@pytest.fixture
def complete_intake(client, patient, save):
    """Alice, signed in, with every step answered and signed (not yet sent)."""
    client.force_login(patient)
    for step in ANSWER_STEP_SLUGS:
        response = save(step)
        assert response.status_code == 302, (step, response.context and _errors(response))
    return patient.intakes.get()


def _errors(response):
    errors = {}
    for key in ("form", "formset"):
        item = response.context.get(key)
        if item is not None:
            errors[key] = getattr(item, "errors", None)
    return errors
