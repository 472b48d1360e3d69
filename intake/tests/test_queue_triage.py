"""What the reviewer sees first: the queue's order, its safety column and filters (closed intakes
out of the default view), the intake page's first screen, and the reviewer's home."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from intake.models import Intake, Status
from intake.services import urgent

from .factories import SafetyAnswerFactory, build_intake, submitted_intake

pytestmark = pytest.mark.django_db

QUEUE = "admin:intake_intake_changelist"


def _rows(client, **params):
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return [intake.pk for intake in response.context["cl"].result_list]


def _sent(days_ago, **fields):
    intake = submitted_intake(**fields)
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    Intake.objects.filter(pk=intake.pk).update(submitted_at=sent)
    return intake


def _closed(**fields):
    intake = _sent(30, **fields)
    Intake.objects.filter(pk=intake.pk).update(
        status=Status.CLOSED, outcome="consultation", closed_at=timezone.now()
    )
    return intake


# --- the order ---------------------------------------------------------------------------------


def test_urgent_unacknowledged_first_then_the_oldest_sent(reviewer_client, reviewer):
    newer = _sent(1)
    older = _sent(6)
    acknowledged = _sent(3, phq9=(1,) * 9)
    urgent.acknowledge(intake=acknowledged, by=reviewer)
    waiting = _sent(0, phq9=(1,) * 9)
    draft = build_intake(status=Status.DRAFT)
    # The acknowledged one takes its place among the others by the day it was sent.
    assert _rows(reviewer_client) == [waiting.pk, older.pk, acknowledged.pk, newer.pk, draft.pk]


def test_the_order_holds_from_one_page_to_the_next(reviewer_client, reviewer, monkeypatch):
    """A page's ids are found first, sorted with nothing but what the order needs, then its rows
    are read (portal.admin_base.IdsFirstPaginator): page two goes on where page one stopped."""
    from intake.admin.queue import IntakeAdmin

    monkeypatch.setattr(IntakeAdmin, "list_per_page", 3)
    oldest_first = [_sent(days) for days in (9, 8, 7, 6, 5)]
    acknowledged = _sent(10, phq9=(1,) * 9)
    urgent.acknowledge(intake=acknowledged, by=reviewer)
    waiting = _sent(0, phq9=(1,) * 9)
    draft = build_intake(status=Status.DRAFT)
    expected = [waiting.pk, acknowledged.pk, *(i.pk for i in oldest_first), draft.pk]
    with CaptureQueriesContext(connection) as queries:
        first = _rows(reviewer_client)
    picking = [q["sql"] for q in queries if re.search(r"LIMIT 3\b", q["sql"])]
    assert first == expected[:3]
    assert _rows(reviewer_client, p=2) == expected[3:6]
    assert _rows(reviewer_client, p=3) == expected[6:]
    assert len(picking) == 1
    assert picking[0].startswith('SELECT "intake_intake"."id" AS "pk" FROM')
    assert "portal_user" not in picking[0]


def test_an_urgent_draft_is_on_top_with_its_score_so_far(reviewer_client):
    sent = _sent(5)
    draft = build_intake(
        status=Status.DRAFT,
        phq9=(3, 3, 2, None, None, None, None, None, 2),
        urgent=True,
        urgent_flagged_at=timezone.now(),
        legal_name="Dana Draft",
    )
    assert _rows(reviewer_client) == [draft.pk, sent.pk]
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "10 so far (4 of 9 answered)" in html
    assert "item 9: More than half the days (2)" in html


def test_a_finished_draft_shows_its_total_and_band(reviewer_client):
    build_intake(status=Status.DRAFT, legal_name="Finn Finished")  # the PHQ-9 of 16
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "16 (moderately severe)" in html
    assert "not sent yet" in html


# --- closed intakes ----------------------------------------------------------------------------


def test_closed_intakes_are_out_of_the_default_view_and_a_filter_shows_them(reviewer_client):
    open_one = _sent(2)
    closed = _closed(phq9=(1,) * 9)
    assert _rows(reviewer_client) == [open_one.pk]
    assert _rows(reviewer_client, status="closed") == [closed.pk]
    assert set(_rows(reviewer_client, status="all")) == {open_one.pk, closed.pk}
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "Open (not closed)" in html
    assert "All, closed ones included" in html


def test_the_urgent_count_and_its_link_show_the_same_open_intakes(reviewer_client):
    waiting = _sent(1, phq9=(1,) * 9)
    _closed(phq9=(1,) * 9)  # closed: neither counted nor listed
    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "1 urgent intake not acknowledged yet" in html
    assert _rows(reviewer_client, urgent_alert="unacknowledged") == [waiting.pk]


def test_the_other_filters_still_work_on_the_open_intakes(reviewer_client, reviewer):
    mine = _sent(1)
    Intake.objects.filter(pk=mine.pk).update(assigned_to=reviewer)
    _sent(2)
    asked = _sent(3)
    Intake.objects.filter(pk=asked.pk).update(status=Status.NEEDS_INFO, staff_message="Dose?")
    assert _rows(reviewer_client, assigned="me") == [mine.pk]
    assert _rows(reviewer_client, status="needs_info") == [asked.pk]


def test_overdue_is_sent_more_than_review_due_days_ago_and_still_with_the_clinic(
    reviewer_client, settings
):
    settings.REVIEW_DUE_DAYS = 2
    late = _sent(3)
    _sent(1)
    asked = _sent(5)
    Intake.objects.filter(pk=asked.pk).update(status=Status.NEEDS_INFO, staff_message="Dose?")
    assert _rows(reviewer_client, overdue="yes") == [late.pk]
    settings.REVIEW_DUE_DAYS = 4
    assert _rows(reviewer_client, overdue="yes") == []


# --- safety ------------------------------------------------------------------------------------


def test_the_safety_column_shows_stops_and_cautions_and_filters_by_them(reviewer_client):
    plate = _sent(3, legal_name="Tess Plate")
    for key in ("metal_in_head", "seizure"):
        SafetyAnswerFactory(intake=plate, key=key, answer="yes")
    fainting = _sent(2, legal_name="Fay Faint")
    SafetyAnswerFactory(intake=fainting, key="fainting", answer="yes")
    quiet = _sent(1, legal_name="Quinn Quiet")
    SafetyAnswerFactory(intake=quiet, key="pacemaker", answer="no")
    unanswered = _sent(0, legal_name="Una Unanswered")

    html = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "Stop:</strong> metal in the head" in html
    assert "Caution:</strong> seizure or epilepsy" in html
    assert "Caution:</strong> fainting" in html
    assert html.count("safety not answered") == 1  # Una's, not Quinn's "no"
    assert _rows(reviewer_client, safety="stop") == [plate.pk]
    assert _rows(reviewer_client, safety="caution") == [plate.pk, fainting.pk]
    assert unanswered.pk in _rows(reviewer_client)


def test_the_queue_query_count_stays_bounded_with_safety_answers(
    reviewer_client, django_assert_max_num_queries
):
    for n in range(20):
        intake = _sent(n, phq9=(1,) * 9 if n % 3 == 0 else (1,) * 8 + (0,))
        SafetyAnswerFactory(intake=intake, key="metal_in_head", answer="yes")
        SafetyAnswerFactory(intake=intake, key="seizure", answer="yes")
    reviewer_client.get(reverse(QUEUE))
    with django_assert_max_num_queries(13):
        response = reviewer_client.get(reverse(QUEUE), {"safety": "any"})
    assert len(response.context["cl"].result_list) == 20


# --- the intake page ---------------------------------------------------------------------------


def test_the_intake_page_opens_with_the_summary_before_the_raw_answers(reviewer_client):
    intake = _sent(2, legal_name="Tess Plate", phq9=(3, 3, 2, 2, 1, 2, 2, 1, 1))
    SafetyAnswerFactory(intake=intake, key="metal_in_head", answer="yes")
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    html = html.content.decode()
    summary = html.index("At a glance")
    assert summary < html.index("Answers, step by step")
    assert summary < html.index('id="review-panel-title"')
    assert "Stop:</strong> metal in the head" in html
    assert "17 (moderately severe)" in html
    assert "item 9: Several days (1)" in html
    assert "Not acknowledged yet." in html
    assert "Medicine trials: 2 trials counted (2 needed)" in html
    assert "sertraline" in html
    assert "talk therapy: <strong>not met</strong>" in html  # the criteria at a glance
    # The raw answers are folded, one <details> per step.
    assert html.count('<details class="answers-step">') >= 7


def test_the_intake_page_has_no_view_on_site_link(reviewer_client):
    intake = _sent(1)
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    assert "View on site" not in html.content.decode()


# --- the home ----------------------------------------------------------------------------------


def test_a_reviewer_home_counts_their_day_and_links_each_count(reviewer_client, reviewer, settings):
    settings.REVIEW_DUE_DAYS = 2
    mine = _sent(1)
    Intake.objects.filter(pk=mine.pk).update(assigned_to=reviewer)
    _sent(0, phq9=(1,) * 9, legal_name="Uma Urgent")
    late = _sent(4, legal_name="Lee Late")
    asked = _sent(1)
    Intake.objects.filter(pk=asked.pk).update(status=Status.NEEDS_INFO, staff_message="Dose?")
    _closed(phq9=(1,) * 9)
    response = reviewer_client.get(reverse("admin:index"))
    tiles = {title: (count, url) for title, _w, count, url in response.context["tiles"]}
    assert tiles["My intakes"][0] == 1
    assert tiles["Urgent"][0] == 1
    assert tiles["Waiting on the patient"][0] == 1
    assert tiles["Overdue"][0] == 1
    # Each link shows exactly the intakes counted.
    for _title, (count, url) in tiles.items():
        assert len(reviewer_client.get(url).context["cl"].result_list) == count, url
    html = response.content.decode()
    assert "Your review day" in html
    pressing = [intake.pk for intake, _why in response.context["pressing"]]
    assert pressing[:2] == [Intake.objects.get(legal_name="Uma Urgent").pk, late.pk]
    assert 'Welcome, <strong class="welcome-name">Rita Reviewer</strong>' in html


def test_a_content_editor_home_shows_their_articles_not_the_queue(editor_client):
    from education.tests.factories import ArticleFactory

    ArticleFactory(title="Does TMS hurt?", status="draft")
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Your review day" not in html
    assert "Does TMS hurt?" in html
    assert "?status__exact=draft" in html


def test_every_admin_section_has_a_plain_name(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    for dialect in ("Otp_Static", "Otp_Totp", "OTP_STATIC", "OTP_TOTP", ">Axes<"):
        assert dialect not in html
    assert "Sign-in lockouts" in html
    assert "Two-step sign-in: authenticator apps" in html
    assert "Two-step sign-in: backup codes" in html


def test_the_welcome_uses_the_email_when_there_is_no_name(client, reviewer):
    reviewer.full_name = ""
    reviewer.save()
    client.force_login(reviewer)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'Welcome, <strong class="welcome-name">rita@clinic.example</strong>' in html


def test_the_portal_app_keeps_its_own_configuration():
    """The third-party configurations live apart, so Django still picks PortalConfig (its
    ready() connects the sign-in signal the two-step check relies on)."""
    from django.apps import apps

    assert type(apps.get_app_config("portal")).__name__ == "PortalConfig"
    assert apps.get_app_config("axes").verbose_name == "Sign-in lockouts"


def test_the_intake_page_says_the_patients_language_and_interpreter_at_a_glance(reviewer_client):
    intake = _sent(1, interpreter_language="Vietnamese")
    intake.patient.language = "es"
    intake.patient.save()
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    html = html.content.decode()
    glance = html[html.index("At a glance") : html.index("Answers, step by step")]
    assert "Reads the portal in: <strong>Español</strong>" in glance
    assert "Interpreter at appointments: <strong>Vietnamese</strong>" in glance


def test_the_intake_page_writes_every_date_the_sites_way(reviewer_client, reviewer):
    """Papers, agreements, the thread and the urgent panel: "Dec. 7, 2026 at 2:15 AM", as the
    rest of the page, never "2026-12-07 02:15"."""
    from portal.policies import Kind, current_text, record_agreement

    from ..services.messages import clinic_writes
    from .documents_helpers import add_document

    intake = submitted_intake(phq9=(1, 1, 1, 1, 1, 1, 1, 1, 2))
    urgent.acknowledge(intake=intake, by=reviewer)
    record_agreement(user=intake.patient, text=current_text(Kind.PRIVACY_NOTICE))
    clinic_writes(intake=intake, by=reviewer, body="Please call us.", notify=False)
    add_document(intake)
    html = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    html = html.content.decode()
    assert re.findall(r"\b20\d\d-\d\d-\d\d \d\d:\d\d\b", html) == []
    today = timezone.localdate()
    assert f"Acknowledged version 1 on {date_format(today)} at " in html
