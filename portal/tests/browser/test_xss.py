"""XSS in Chromium: 100+ known payloads (xss_payloads.txt) placed in every free-text field a
patient or staff member can fill, then every page that shows them opened: no dialog opens, no
payload runs (window.__xss stays unset), no element carries an event handler or a javascript:
URL, no inline script but the page's own JSON, and no CSP violation (which would mean unescaped
output that only the CSP stopped).

The payloads are spread over the fields in turn (field f of sample k gets payload k*F+f), so every
payload lands in some field of every kind of page with few page loads.
"""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone

from education.forms import SourcesField
from education.models import Article, Question
from education.tests.factories import ArticleFactory, QuestionFactory
from intake.models import Intake, NoteText, SafetyAnswer, StatusChange, StepHelp, Trial
from intake.questions import ANSWER_STEP_SLUGS
from intake.services.evaluation import refresh_evaluation
from intake.tests.factories import submitted_intake
from portal.tests.factories import PatientFactory

User = get_user_model()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]

# Run in the page, not bound by its CSP: violations it reports, and the marker payloads set.
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI + " " + event.sample);
});
"""
INSPECT = """() => {
  const risky = /^\\s*(javascript|vbscript|data:text\\/html)/i;
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const url = /^(href|src|action|formaction|data|xlink:href|background|srcdoc)$/i;
      if (/^on/i.test(attr.name) || (url.test(attr.name) && risky.test(attr.value))
          || attr.name === "srcdoc") {
        bad.push(el.outerHTML.slice(0, 160));
      }
    }
  }
  const json = ["application/json", "application/ld+json"];
  for (const script of document.querySelectorAll("script:not([src])")) {
    if (!json.includes(script.type)) bad.push(script.outerHTML.slice(0, 160));
  }
  for (const tag of document.querySelectorAll("iframe, object, embed, base, meta[http-equiv]")) {
    bad.push(tag.outerHTML.slice(0, 160));
  }
  return {marker: window.__xss || null, csp: window.__csp, bad: bad};
}"""

INTAKE_FIELDS = [
    f.name
    for f in Intake._meta.concrete_fields
    if isinstance(f, models.CharField | models.TextField)
    and not f.choices
    and not f.name.startswith("review_")
]
# The slots one sample intake fills: its own text fields, then the rows that belong to it.
SLOTS = [
    *INTAKE_FIELDS,
    "patient.full_name",
    "trial0.medication",
    "trial0.side_effects",
    "trial1.medication",
    "trial1.side_effects",
    "safety.details",
    "close.message",
    "needs_info.message",
]
PATIENT_PAGES = ["/intake/", "/intake/review/"] + [
    f"/intake/{slug}/"
    for slug in ANSWER_STEP_SLUGS
    if slug not in {"phq9"}  # no free text on the PHQ-9 step
]


def payload(index, max_length=None):
    text = PAYLOADS[index % len(PAYLOADS)]
    return text[:max_length] if max_length else text


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def make_intakes():
    """Enough intakes (one patient each) that every payload is in some slot."""
    count = -(-len(PAYLOADS) // len(SLOTS))
    result = []
    for k in range(count):
        values = {slot: payload(k * len(SLOTS) + f) for f, slot in enumerate(SLOTS)}
        patient = PatientFactory(
            full_name=values["patient.full_name"][: _max_length(User, "full_name")]
        )
        intake = submitted_intake(patient=patient, evaluate=False)
        fields = {n: values[n][: _max_length(Intake, n) or None] for n in INTAKE_FIELDS}
        Intake.objects.filter(pk=intake.pk).update(status="needs_info", **fields)
        for position, trial in enumerate(intake.trials.order_by("position")[:2]):
            Trial.objects.filter(pk=trial.pk).update(
                medication=values[f"trial{position}.medication"][:100],
                side_effects=values[f"trial{position}.side_effects"][:1000],
            )
        SafetyAnswer.objects.create(
            intake=intake, key="seizure", answer="yes", details=values["safety.details"][:1000]
        )
        now = timezone.now()
        StatusChange.objects.create(
            intake=intake,
            from_status="in_review",
            to_status="closed",
            message=values["close.message"],
            at=now,
        )
        StatusChange.objects.create(
            intake=intake,
            from_status="closed",
            to_status="needs_info",
            message=values["needs_info.message"],
            at=now,
        )
        intake.refresh_from_db()
        refresh_evaluation(intake=intake)
        result.append(intake)
    return result


def fill_notes_and_help():
    index = 0
    for note in NoteText.objects.order_by("pk"):
        NoteText.objects.filter(pk=note.pk).update(
            patient_text=payload(index), staff_text=payload(index + 1)
        )
        index += 2
    for help_row in StepHelp.objects.order_by("pk"):
        StepHelp.objects.filter(pk=help_row.pk).update(text=payload(index))
        index += 1


ARTICLE_SLOTS = ["title", "summary", "body", "reviewed_by", "source.url", "source.label"]


def make_articles():
    count = -(-len(PAYLOADS) // len(ARTICLE_SLOTS))
    questions = [
        QuestionFactory(text=payload(i * 7, _max_length(Question, "text"))) for i in range(3)
    ]
    articles = []
    for a in range(count):
        values = {s: payload(a * len(ARTICLE_SLOTS) + f) for f, s in enumerate(ARTICLE_SLOTS)}
        article = ArticleFactory(question=questions[a % 3], body="window xss\n\n" + values["body"])
        Article.objects.filter(pk=article.pk).update(
            title=values["title"][:120],
            summary=values["summary"][:200],
            reviewed_by=values["reviewed_by"][:200],
            sources=sources_as_saved(values["source.url"], values["source.label"]),
        )
        articles.append(article)
    return questions, articles


def sources_as_saved(url, label):
    """What the article form saves: the line when its address is a web address (the form refuses
    any other scheme), else the payload as a label and inside an https address."""
    field = SourcesField()
    for line in (f"{url} | {label}", f"https://example.org/{url} | {label}"):
        try:
            return field.clean(line.replace("\n", " "))
        except ValidationError:
            continue
    return [{"url": "https://example.org/", "label": label}]


def session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


def test_no_payload_runs_on_any_page_that_shows_free_text(page, live_server, superuser):
    assert len(PAYLOADS) >= 100
    intakes = make_intakes()
    fill_notes_and_help()
    questions, articles = make_articles()

    dialogs, console, findings, shown = [], [], [], set()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD)

    def check(url):
        console.clear()
        page.goto(url)
        page.wait_for_load_state("load")
        seen = page.evaluate(INSPECT)
        text = " ".join(page.inner_text("body").split())
        shown.update(p for p in PAYLOADS if " ".join(p.split()) and " ".join(p.split()) in text)
        problems = {k: v for k, v in seen.items() if v} | (
            {"console": list(console)} if console else {}
        )
        if problems:
            findings.append(f"{url}: {problems}")

    # The patients' own pages.
    for intake in intakes:
        page.context.clear_cookies()
        page.context.add_cookies([session_cookie(intake.patient, live_server)])
        for url in PATIENT_PAGES:
            check(url)
    # Staff pages.
    page.context.clear_cookies()
    page.context.add_cookies([session_cookie(superuser, live_server)])
    check("/admin/intake/intake/")
    for intake in intakes:
        check(f"/admin/intake/intake/{intake.pk}/change/")
        check(f"/admin/intake/intake/{intake.pk}/print/")
    for url in ["/admin/intake/notetext/", "/admin/intake/stephelp/", "/admin/education/article/"]:
        check(url)
    check(f"/admin/education/article/{articles[0].pk}/change/")
    # The education pages, anonymous.
    page.context.clear_cookies()
    for question in questions:
        check(question.get_absolute_url())
    for article in articles:
        check(f"/learn/{article.question.slug}/{article.slug}/")
    check("/learn/search/?q=window")
    for index in range(0, len(PAYLOADS), 9):  # the query is shown back on the results page
        check("/learn/search/?" + urlencode({"q": PAYLOADS[index][:200]}))

    # The payloads were really on the pages (as text), not lost on the way.
    assert len(shown) >= 0.8 * len(PAYLOADS), sorted(set(PAYLOADS) - shown)
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not findings, "\n".join(findings)
