"""``manage.py seed_demo``: a demo clinic with a course for demo.patient@example.org, the other
intake statuses and courses, printed logins; a second run changes nothing; refused (exit 2)
without DEBUG unless --force; the demo patient and reviewer can sign in with what it prints."""

from io import StringIO
from itertools import pairwise

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from intake.models import Intake, Status
from treatment.demo import DEFAULT_PASSWORD, PATIENTS
from treatment.models import CheckIn, Course, TreatmentSession

pytestmark = pytest.mark.django_db


def _seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts():
    User = get_user_model()
    return tuple(
        model.objects.count()
        for model in (User, Intake, Course, TreatmentSession, CheckIn, StaticToken, LogEntry)
    )


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_it_makes_the_demo_clinic_and_prints_the_logins(debug):
    out = _seed()
    assert "Demo clinic: created 13 accounts" in out
    assert f"password: {DEFAULT_PASSWORD}" in out
    for email in (
        "demo.patient@example.org",
        "demo.reviewer@example.org",
        "demo.editor@example.org",
    ):
        assert email in out
    statuses = set(Intake.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    dana = Course.objects.get(patient__email="demo.patient@example.org")
    assert dana.status == Course.Status.ACTIVE
    assert dana.sessions.count() == 15
    assert [c.total for c in dana.check_ins.all()] == [18, 14, 11]
    # This week's check-in is left for a newcomer to take, signed in as Dana.
    dana_client = Client()
    dana_client.force_login(dana.patient)
    assert (
        "Your check-in is due now." in dana_client.get(reverse("treatment:course")).content.decode()
    )
    dates = list(dana.sessions.values_list("date", flat=True))
    assert all(day.weekday() < 5 for day in dates)  # five a week, weekdays
    check_in_days = list(dana.check_ins.values_list("taken_on", flat=True))
    assert {(b - a).days for a, b in pairwise(check_in_days)} == {7}
    by_status = {s: Course.objects.filter(status=s).count() for s in Course.Status.values}
    assert by_status == {"planned": 0, "active": 2, "completed": 3, "stopped": 1}
    # one remitted (latest under 5), one responding, one not
    latest = {
        c.patient.email: list(c.check_ins.values_list("total", flat=True))
        for c in Course.objects.filter(status="completed").select_related("patient")
    }
    assert latest["demo.remitted@example.org"][-1] < 5
    assert latest["demo.responder@example.org"][-1] <= latest["demo.responder@example.org"][0] / 2
    assert latest["demo.steady@example.org"][-1] > latest["demo.steady@example.org"][0] / 2
    # each staff member's printed recovery codes are theirs
    for token in StaticToken.objects.filter(device__user__email="demo.reviewer@example.org"):
        assert token.token in out


def test_a_second_run_changes_nothing_and_says_so(debug):
    _seed()
    before = _counts()
    out = _seed()
    assert "Nothing changed: the demo clinic is already there." in out
    assert _counts() == before


def _password_works(email, password):
    return get_user_model().objects.get(email=email).check_password(password)


def test_password_sets_the_password_of_every_demo_account(debug):
    out = _seed("--password", "walk-the-demo")
    assert "password: walk-the-demo" in out
    assert _password_works("demo.patient@example.org", "walk-the-demo")
    out = _seed("--password", "another-one")
    assert "only its password changed" in out
    assert "Password set again for 13 accounts." in out
    assert _password_works("demo.editor@example.org", "another-one")


def test_it_refuses_with_exit_status_2_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        _seed()
    assert refused.value.returncode == 2
    assert "DEBUG" in str(refused.value)
    assert not Course.objects.exists()
    assert not get_user_model().objects.filter(email__endswith="@example.org").exists()


def test_force_runs_it_without_debug(settings):
    settings.DEBUG = False
    out = _seed("--force")
    assert "Demo clinic: created" in out
    assert Course.objects.count() == sum(1 for p in PATIENTS if p.course)


def test_the_demo_patient_sees_their_course(debug, client):
    _seed()
    client.post(
        reverse("login"), {"username": "demo.patient@example.org", "password": DEFAULT_PASSWORD}
    )
    page = client.get(reverse("treatment:course"))
    assert page.status_code == 200
    assert "18" in page.content.decode()  # the baseline score


def test_the_demo_reviewer_gets_into_the_admin_with_a_printed_recovery_code(
    debug, client, settings
):
    settings.STAFF_2FA_REQUIRED = True
    out = _seed()
    line = next(
        line
        for line in out.splitlines()
        if "demo.reviewer@example.org" in line and len(line.split()) > 3
    )
    code = line.split()[1]
    client.post(
        reverse("login"),
        {"username": "demo.reviewer@example.org", "password": DEFAULT_PASSWORD},
    )
    assert client.get(reverse("admin:index")).status_code == 302  # asks for the code first
    client.post(reverse("two_factor_verify"), {"code": code})
    page = client.get(reverse("admin:treatment_course_changelist"))
    assert page.status_code == 200
    assert "TMS course" in page.content.decode()


def test_the_demo_clinic_gets_a_number_to_call_but_keeps_one_it_has(settings):
    from portal.models import Clinic

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Clinic.objects.get(pk=1).phone == "(555) 010-0100"
    assert Clinic.objects.get(pk=1).urgent_response == ""  # no response time is promised
    Clinic.objects.filter(pk=1).update(phone="(212) 555-0199")
    call_command("seed_demo", stdout=StringIO())
    assert Clinic.objects.get(pk=1).phone == "(212) 555-0199"


def test_the_clinics_question_is_in_the_thread_both_sides_read(debug, reviewer_client):
    _seed()
    question = "Please tell us the dose of escitalopram you took"
    intake = Intake.objects.get(patient__email="demo.needsinfo@example.org")
    page = reviewer_client.get(reverse("admin:intake_intake_change", args=[intake.pk]))
    glance = page.content.decode().split('id="intake-summary-title"')[1].split("</section>")[0]
    assert question in glance
    assert "No messages yet" not in glance
    patient = Client()
    patient.post(
        reverse("login"), {"username": "demo.needsinfo@example.org", "password": DEFAULT_PASSWORD}
    )
    assert question in patient.get(reverse("intake:home")).content.decode()


def test_the_drafts_steps_marked_done_have_their_answers(debug):
    _seed()
    draft = Intake.objects.get(patient__email="demo.draft@example.org")
    done = set(draft.steps.filter(completed=True).values_list("step", flat=True))
    assert done == {"about-you", "depression", "phq9"}
    assert (draft.diagnosis, draft.psychosis, draft.high_mood) == ("mdd_recurrent", "no", "no")
    # "About you" is done in every demo intake: the two contact questions it asks are answered
    # (a reviewer read "Not answered" beside how to reach each demo patient).
    assert not Intake.objects.filter(contact_method="").exists()
    assert not Intake.objects.filter(contact_time="").exists()
