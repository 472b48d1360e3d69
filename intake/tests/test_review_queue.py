"""The review queue: columns from the stored evaluation, ordering, filters, search, and a fixed
number of queries however many intakes there are."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.admin.queue import IntakeAdmin
from intake.models import Intake, Medication
from intake.services import evaluation
from intake.services.steps import submit_intake

from .factories import submitted_intake

pytestmark = pytest.mark.django_db

QUEUE = "admin:intake_intake_changelist"


def _rows(client, **params):
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return [intake.pk for intake in response.context["cl"].result_list]


def test_submitting_stores_the_evaluation_the_queue_shows(client, complete_intake):
    submit_intake(intake=complete_intake)
    intake = Intake.objects.get(pk=complete_intake.pk)
    assert intake.review_phq9_total == 16
    assert intake.review_severity == "moderately_severe"
    assert intake.review_failed_trials is not None
    assert intake.review_profile_key
    assert intake.evaluated_at is not None


def test_the_queue_shows_the_columns(reviewer_client, reviewer):
    intake = submitted_intake(legal_name="Quinn Queue", phq9=(3, 3, 3, 3, 3, 3, 3, 2, 1))
    Intake.objects.filter(pk=intake.pk).update(assigned_to=reviewer)
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "Quinn Queue" in html
    assert intake.patient.email in html
    assert "24 (severe)" in html
    assert "Urgent" in html
    assert "2 trials counted (2 needed)" in html
    assert "Rita Reviewer" in html


def test_urgent_first_then_oldest_submitted_and_drafts_last(reviewer_client):
    now = timezone.now()
    newer = submitted_intake(phq9=(1,) * 8 + (0,), submitted_at=now - datetime.timedelta(days=1))
    older = submitted_intake(phq9=(1,) * 8 + (0,), submitted_at=now - datetime.timedelta(days=5))
    urgent = submitted_intake(phq9=(1,) * 9, submitted_at=now)
    draft = submitted_intake(evaluate=False)
    Intake.objects.filter(pk=draft.pk).update(status="draft", submitted_at=None)
    assert _rows(reviewer_client) == [urgent.pk, older.pk, newer.pk, draft.pk]


def test_filters_by_severity_profile_unmet_criterion_status_urgent_and_assignee(
    reviewer_client, reviewer
):
    mild = submitted_intake(phq9=(1, 1, 1, 1, 1, 1, 0, 0, 0), trials=0)
    severe = submitted_intake(phq9=(3, 3, 3, 3, 3, 3, 2, 2, 1), trials=3)
    Intake.objects.filter(pk=severe.pk).update(assigned_to=reviewer, status="in_review")
    mild.refresh_from_db()
    severe.refresh_from_db()
    assert "failed_trials" in mild.unmet_criteria
    assert "failed_trials" not in severe.unmet_criteria

    assert _rows(reviewer_client, severity="mild") == [mild.pk]
    assert _rows(reviewer_client, severity="severe") == [severe.pk]
    assert _rows(reviewer_client, unmet="failed_trials") == [mild.pk]
    assert _rows(reviewer_client, assigned="me") == [severe.pk]
    assert _rows(reviewer_client, assigned="nobody") == [mild.pk]
    assert _rows(reviewer_client, status__exact="in_review") == [severe.pk]
    assert _rows(reviewer_client, urgent__exact="1") == [severe.pk]
    profile = mild.review_profile_key
    assert set(_rows(reviewer_client, profile=profile)) == {mild.pk, severe.pk}
    assert _rows(reviewer_client, profile="no-such-profile") == []


def test_search_by_name_and_email(reviewer_client):
    found = submitted_intake(legal_name="Sally Searchable")
    other = submitted_intake(legal_name="Other Person")
    assert _rows(reviewer_client, q="Searchable") == [found.pk]
    assert _rows(reviewer_client, q=other.patient.email) == [other.pk]


def test_reevaluating_refreshes_the_columns_after_a_catalogue_change(reviewer_client):
    intake = submitted_intake(trials=1)
    before = intake.review_failed_trials
    Medication.objects.filter(generic_name="sertraline").update(
        min_adequate_daily_mg=400, usual_max_daily_mg=400
    )
    response = reviewer_client.post(reverse("admin:intake_intake_reevaluate", args=[intake.pk]))
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.review_failed_trials == before - 1


def test_the_bulk_reevaluate_action(reviewer_client):
    intake = submitted_intake(evaluate=False)
    assert intake.review_phq9_total is None
    reviewer_client.post(reverse(QUEUE), {"action": "reevaluate", "_selected_action": [intake.pk]})
    intake.refresh_from_db()
    assert intake.review_phq9_total == 16


def _bulk_intakes(count, status="submitted"):
    """``count`` sent (or closed) intakes with stored evaluations, made in a few bulk inserts."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + n}@example.com", full_name=f"Bulk {n}", password="!")
        for n in range(count)
    )
    now = timezone.now()
    Intake.objects.bulk_create(
        (
            Intake(
                patient=user,
                legal_name=user.full_name,
                status=status,
                outcome="consultation" if status == "closed" else "",
                closed_at=now if status == "closed" else None,
                submitted_at=now - datetime.timedelta(minutes=n),
                urgent=n % 7 == 0,
                urgent_flagged_at=now if n % 7 == 0 else None,
                review_phq9_total=n % 28,
                review_severity="moderate",
                review_failed_trials=n % 4,
                review_profile_key="typical-2-classes",
                review_unmet=",classes," if n % 2 else "",
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )


def _queue_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_runs_the_same_number_of_queries_for_120_and_10000_intakes(reviewer_client):
    # More than a page of 50 both times, filtered or not: a page of a longer list reads its
    # ids first (portal.admin_base.IdsFirstPaginator).
    _bulk_intakes(120)
    # A request first each time, so that neither count includes the session's activity stamp
    # (re-saved when 15 s have passed, as they may while 9,880 intakes are made).
    reviewer_client.get(reverse(QUEUE))
    small = _queue_queries(reviewer_client)
    small_filtered = _queue_queries(reviewer_client, unmet="classes", severity="moderate", q="Bulk")
    _bulk_intakes(9_880)
    assert Intake.objects.count() == 10_000
    reviewer_client.get(reverse(QUEUE))
    assert _queue_queries(reviewer_client) == small
    assert (
        _queue_queries(reviewer_client, unmet="classes", severity="moderate", q="Bulk")
        == small_filtered
    )
    assert small <= 15


def test_a_fault_in_the_evaluation_does_not_stop_the_patient_sending(
    client, complete_intake, monkeypatch
):
    def broken(intake):
        raise RuntimeError("rules broke")

    monkeypatch.setattr(evaluation, "review_snapshot", broken)
    submit_intake(intake=complete_intake)
    intake = Intake.objects.get(pk=complete_intake.pk)
    assert intake.status == "submitted"
    assert intake.evaluated_at is None


def test_each_row_has_a_labelled_checkbox_for_the_bulk_actions(reviewer_client):
    intake = submitted_intake(legal_name="Cora Checkbox", evaluate=False)
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert (
        f'<input type="checkbox" name="_selected_action" value="{intake.pk}" '
        f'class="action-select" aria-label="Select this object for an action - {intake}">'
    ) in html
    assert 'id="action-toggle"' in html  # the select-all box in the header is Django's own


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plan")
def test_the_default_queue_reads_only_the_open_intakes_from_their_index(reviewer_client):
    _bulk_intakes(2_000, status="closed")
    _bulk_intakes(40)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intake_intake")
    queryset = reviewer_client.get(reverse(QUEUE)).context["cl"].queryset
    plan = queryset[: IntakeAdmin.list_per_page].explain()
    # The partial index of the open intakes (one per patient): the closed ones are never read.
    assert "intake_one_open_per_patient" in plan


def test_the_queue_shows_fifty_a_page_urgent_ones_first(reviewer_client):
    _bulk_intakes(51)  # every seventh is urgent: 8 of them
    first = _rows(reviewer_client)
    assert len(first) == 50
    assert [Intake.objects.get(pk=pk).urgent for pk in first[:8]] == [True] * 8
    assert len(_rows(reviewer_client, p=2)) == 1


def test_the_sent_date_reads_as_on_the_intake_page(reviewer_client):
    sent = timezone.make_aware(datetime.datetime(2026, 9, 1, 12, 0))
    intake = submitted_intake(legal_name="Dana Dated", submitted_at=sent)
    queue = reviewer_client.get(reverse(QUEUE)).content.decode()
    page = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    assert "sent Sept. 1, 2026" in queue
    assert "sent Sept. 1, 2026" in page.content.decode()
