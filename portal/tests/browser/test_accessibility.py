"""axe-core audits (WCAG 2.2 AA rules) of every public, patient and main admin page, at phone and
desktop size: no violation of serious or critical impact.

axe-core's script ships inside the axe-playwright-python wheel (axe_playwright_python/axe.min.js):
nothing is downloaded when the tests run. One test per screen size walks every page, so the
database is set up once per size.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from intake.services.steps import submit_intake
from intake.tests.documents_helpers import add_document

from .pages import fill_intake, patient_urls, public_urls, seed_content, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# Django's own admin pages are audited like ours: the few violations in their markup
# (breadcrumb links, small filter links, scrolling inlines) are fixed by static/css/admin.css,
# so no rule is excluded anywhere.

_axe = Axe()


def violations(page):
    """The serious and critical WCAG 2.2 AA violations on the page, as readable lines."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def audit(page, urls):
    report = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None
        # The page itself, not a redirect to a sign-in or two-step page.
        assert page.url.endswith(url), (url, page.url)
        problems = violations(page)
        if problems:
            report[url] = problems
    return report


@pytest.fixture
def browser_context_args(browser_context_args):
    # A strict Content-Security-Policy (coming with the hardening work) must not stop axe's
    # injected script; the pages themselves are audited as they are.
    return {**browser_context_args, "bypass_csp": True}


def test_every_page_passes_axe(page, screen, live_server, patient, superuser):
    content = seed_content()
    public = [*public_urls(content), reverse("admin:login")]
    report = audit(page, public)

    signed_in(page, live_server, patient)
    # A step shown again with errors: the error summary and the invalid fields.
    page.goto(reverse("intake:step", args=["about-you"]))
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#error-summary").wait_for()
    if problems := violations(page):
        report["about-you with errors"] = problems
    intake = fill_intake(patient)
    report |= audit(page, patient_urls())
    submit_intake(intake=intake)
    add_document(intake)  # the papers' page and the intake's page below show one
    report |= audit(page, [reverse("intake:home"), reverse("intake:documents")])

    signed_in(page, live_server, superuser)
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:education_article_changelist"),
        reverse("admin:education_article_change", args=[content.article.pk]),
        reverse("admin:intake_intake_changelist"),
        reverse("admin:intake_intake_change", args=[intake.pk]),
    ]
    report |= audit(page, admin_pages)

    assert not report, "\n".join(
        f"{url}:\n  " + "\n  ".join(problems) for url, problems in report.items()
    )
