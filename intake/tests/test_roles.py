"""The two staff groups: each sees and can change only its own part of the admin."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from education.models import Question
from intake.models import Medication
from intake.roles import CONTENT_EDITORS, ROLE_PERMISSIONS

from .admin_helpers import export_csv
from .factories import submitted_intake

pytestmark = pytest.mark.django_db


def _index_apps(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_the_setup_made_both_groups_with_exactly_their_permissions():
    for name, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        have = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        assert have == set(wanted)
    editors = Group.objects.get(name=CONTENT_EDITORS).permissions
    assert not editors.filter(content_type__app_label__in=["intake", "auditlog"]).exists()


def test_a_content_editor_sees_education_and_nothing_of_intake(editor_client):
    models = _index_apps(editor_client)
    assert {"Question", "Article"} <= models
    assert not models & {"Intake", "Medication", "CriteriaProfile", "NoteText", "LogEntry"}


def test_a_content_editor_cannot_open_any_intake_page_or_export(editor_client):
    intake = submitted_intake()
    urls = [
        reverse("admin:intake_intake_changelist"),
        reverse("admin:intake_intake_change", args=[intake.pk]),
        reverse("admin:intake_intake_print", args=[intake.pk]),
        reverse("admin:intake_intake_fhir", args=[intake.pk]),
        reverse("admin:intake_medication_changelist"),
        reverse("admin:intake_criteriaprofile_changelist"),
        reverse("admin:intake_accessevent_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
    ]
    for url in urls:
        assert editor_client.get(url).status_code == 403, url
    assert export_csv(editor_client).status_code == 403
    response = editor_client.post(reverse("admin:intake_intake_start", args=[intake.pk]))
    assert response.status_code == 403
    intake.refresh_from_db()
    assert intake.status == "submitted"


def test_a_content_editor_can_edit_articles_and_import(editor_client):
    assert editor_client.get(reverse("admin:education_article_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:education_question_add")).status_code == 200
    assert editor_client.get(reverse("admin:education_article_import")).status_code == 200
    response = editor_client.post(
        reverse("admin:education_question_add"),
        {
            "text": "Does TMS hurt?",
            "slug": "does-tms-hurt",
            "order": "1",
            "articles-TOTAL_FORMS": "0",
            "articles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Question.objects.filter(slug="does-tms-hurt").exists()


def test_a_clinical_reviewer_sees_intakes_and_the_catalogue_but_not_education(reviewer_client):
    models = _index_apps(reviewer_client)
    assert {"Intake", "Medication", "CriteriaProfile", "InsurancePlanMapping", "NoteText"} <= models
    assert {"StepHelp", "AccessEvent", "LogEntry"} <= models
    assert not models & {"Question", "Article"}
    assert reviewer_client.get(reverse("admin:education_article_changelist")).status_code == 403
    assert reviewer_client.get(reverse("admin:education_article_import")).status_code == 403
    response = reviewer_client.post(
        reverse("admin:education_question_add"), {"text": "Q?", "slug": "q", "order": "1"}
    )
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_a_clinical_reviewer_reads_answers_but_cannot_edit_them(reviewer_client):
    intake = submitted_intake(legal_name="Pat Patient")
    url = reverse("admin:intake_intake_change", args=[intake.pk])
    response = reviewer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pat Patient" in html
    assert 'name="legal_name"' not in html
    assert 'name="_save"' not in html
    assert reviewer_client.post(url, {"legal_name": "Changed"}).status_code == 403
    intake.refresh_from_db()
    assert intake.legal_name == "Pat Patient"


def test_a_clinical_reviewer_can_change_the_catalogue(reviewer_client):
    submitted_intake()  # an open intake, whose stored notes the change updates
    response = reviewer_client.post(
        reverse("admin:intake_medication_add"),
        {
            "generic_name": "testoxetine",
            "drug_class": "SSRI",
            "min_adequate_daily_mg": "20",
            "usual_max_daily_mg": "60",
            "source": "test",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Medication.objects.filter(generic_name="testoxetine").exists()
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("being updated with this change, in the background" in m for m in shown)


def test_patients_never_reach_the_admin(client, patient):
    client.force_login(patient)
    response = client.get(reverse("admin:intake_intake_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_superuser_can_do_both(admin_client):
    models = _index_apps(admin_client)
    assert {"Intake", "Article", "Medication", "Question"} <= models
    intake = submitted_intake()
    assert (
        admin_client.get(reverse("admin:intake_intake_print", args=[intake.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:education_article_import")).status_code == 200
