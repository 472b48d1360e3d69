"""The admin's Outcomes page and its CSV: reviewers and superusers only, linked from the admin
home, each opening and download recorded."""

import csv
import io

import pytest
from django.urls import reverse

from intake.models import AccessEvent
from intake.tests.factories import submitted_intake
from treatment.models import Course
from treatment.tests.factories import course_of

pytestmark = pytest.mark.django_db
PAGE = reverse("admin:treatment_outcomes")
CSV_URL = reverse("admin:treatment_outcomes_csv")


def _courses():
    done = course_of(
        submitted_intake(legal_name="Dana Done"),
        status=Course.Status.COMPLETED,
        scores=(20, 9),
        sessions=6,
    )
    going = course_of(
        submitted_intake(legal_name="Gil Going"), approved=2, sessions=3, scores=(16,)
    )
    return done, going


def test_the_page_shows_each_course_and_the_rates(reviewer_client):
    done, _going = _courses()
    response = reviewer_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Outcomes of TMS courses",
        "1 completed course.",
        "<strong>100%</strong> (1 of 1)",  # response: 9 is under half of 20
        "<strong>0%</strong> (0 of 1)",  # remission: 9 is not under 5
        "Dana Done",
        "Gil Going",
        reverse("admin:treatment_course_change", args=[done.pk]),
        "6 of 36",
        "-1 (past the authorization)",  # 2 authorized, 3 done
        "at least 50% below the baseline",
        "under 5",
    ):
        assert text in html, text
    event = AccessEvent.objects.get()
    assert (event.action, event.intake_id) == ("view", None)
    assert event.detail == "Outcomes page: 2 courses"


def test_the_page_says_when_no_rate_can_be_counted_yet(reviewer_client):
    course_of(submitted_intake(), scores=(18,))
    html = reviewer_client.get(PAGE).content.decode()
    assert html.count("Not yet: no completed course has two check-ins.") == 2


def test_the_csv_has_a_row_per_course_without_names(reviewer_client):
    done, going = _courses()
    response = reviewer_client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Dana" not in body
    assert "Gil" not in body
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[str(done.pk)] == {
        "id": str(done.pk),
        "status": "completed",
        "baseline_phq9": "20",
        "latest_phq9": "9",
        "change": "'-11",  # the project's CSV guard: never a formula
        "response": "yes",
        "remission": "no",
        "sessions_done": "6",
        "sessions_planned": "36",
        "sessions_authorized": "30",
        "authorization_remaining": "24",
    }
    assert rows[str(going.pk)]["latest_phq9"] == ""
    assert rows[str(going.pk)]["authorization_remaining"] == "'-1"
    event = AccessEvent.objects.get()
    assert (event.action, event.detail) == ("csv", "Outcomes CSV: 2 courses")


def test_a_content_editor_gets_neither_page_nor_csv(editor_client):
    _courses()
    assert editor_client.get(PAGE).status_code == 403
    assert editor_client.get(CSV_URL).status_code == 403
    assert not AccessEvent.objects.exists()


def test_a_post_is_refused(reviewer_client):
    assert reviewer_client.post(PAGE).status_code == 405
    assert reviewer_client.post(CSV_URL).status_code == 405


def test_the_admin_home_links_the_page_in_the_tms_courses_section(reviewer_client):
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    section = html[html.index('class="app-treatment') :]
    section = section[: section.index("</table>")]
    assert f'<a href="{PAGE}">Outcomes</a>' in section


def test_a_content_editor_home_has_no_outcomes_link(editor_client):
    assert PAGE not in editor_client.get(reverse("admin:index")).content.decode()


def test_the_page_reads_every_course_in_a_few_queries(
    reviewer_client, django_assert_max_num_queries
):
    for _ in range(5):
        course_of(submitted_intake(), status=Course.Status.COMPLETED, extension=6)
    # Session and user, the definition (twice: rule and page), the courses and their three
    # prefetches, the access event, the urgent count of every admin page.
    with django_assert_max_num_queries(14):
        assert reviewer_client.get(PAGE).status_code == 200


def test_thresholds_that_depart_from_their_source_say_so(reviewer_client):
    from treatment.models import OutcomeDefinition

    rule = OutcomeDefinition.current()
    rule.remission_below = 8
    rule.save()
    page = reviewer_client.get(reverse("admin:treatment_outcomes")).content.decode()
    assert "depart from their source: remission under 8 (source: 5)" in page
    rule.remission_below = 5
    rule.save()
    page = reviewer_client.get(reverse("admin:treatment_outcomes")).content.decode()
    assert "depart from their source" not in page
