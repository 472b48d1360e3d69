"""axe on the notice-and-consent pages the other audits do not reach, at phone and desktop
size: a minor's parent-or-guardian page (also shown again with its errors), the patient's
My data page, and the staff's records request page and its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import ReleaseRequest
from intake.tests.factories import make_intake, submitted_intake
from portal.tests.browser.pages import signed_in
from portal.tests.browser.test_accessibility import audit, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe's injected script must run; the pages are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


def sixteen_years_ago():
    today = timezone.localdate()
    return today.replace(year=today.year - 16) - datetime.timedelta(days=10)


def test_the_guardian_my_data_and_records_request_pages_pass_axe(
    page, screen, live_server, settings, patient, other_patient, reviewer
):
    settings.PATIENT_MINIMUM_AGE = 15
    make_intake(patient, status="draft", date_of_birth=sixteen_years_ago())
    signed_in(page, live_server, patient)
    report = audit(page, [reverse("intake:guardian"), reverse("my_data")])
    page.goto(reverse("intake:guardian"))
    page.get_by_role("button", name="Save").first.click()
    page.locator("#error-summary").wait_for()
    if problems := violations(page):
        report["guardian with errors"] = problems
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]

    sent = submitted_intake(patient=other_patient)
    row = ReleaseRequest.objects.create(intake=sent, name="Dr. Ana Lee", phone="555-201-0000")
    signed_in(page, live_server, reviewer)
    report |= audit(
        page,
        [
            reverse("admin:intake_releaserequest_changelist"),
            reverse("admin:intake_releaserequest_change", args=[row.pk]),
        ],
    )
    assert not report, "\n".join(
        f"{url}:\n  " + "\n  ".join(problems) for url, problems in report.items()
    )
