"""Small frictions a patient met on the intake, one test (or more) for each: what the patient reads
on the page, in the mailbox, or where a button takes them."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from education.tests.factories import ArticleFactory
from intake.eligibility.vocabulary import OUTCOME_WORDS, SAFETY_QUESTIONS
from intake.models import IntakeStep, TherapyKind, TrialOutcome
from intake.summary import NOT_ANSWERED, summarise

from .factories import make_intake, management, step_data, trial_row

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# What a patient reads: page and mail templates (not the staff admin's), the set-up data, the
# bundled articles and the pages' own script.
PATIENT_SOURCES = [
    *(
        path
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in {".html", ".txt"} and "admin" not in path.parts
    ),
    *(ROOT / "intake" / "setup").glob("*.json"),
    *(ROOT / "education" / "content").glob("*.txt"),
    *(ROOT / "static" / "js").glob("*.js"),
]
BRITISH = re.compile(
    r"\b\w*(tumour|behaviour|colour|favour|honour|labour|neighbour|counsell|travell|cancell"
    r"|centre|organis|recognis|realis|apologis|minimis|prioritis|judgement|programme|anaesth"
    r"|paediatric|oestrogen|haemo|licence|enrol\b|whilst|amongst|learnt)\w*",
    re.IGNORECASE,
)


def _patient_text(path):
    text = path.read_text()
    if path.suffix == ".json":
        # The patient's words only: staff_text and sources are for the care team.
        rows = json.loads(text)
        rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
        return json.dumps(rows)
    # Template comments are for developers.
    return re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", text, flags=re.S)


# --- plurals -------------------------------------------------------------------------------


def test_no_patient_page_or_mail_writes_a_plural_with_s_in_brackets():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in PATIENT_SOURCES
        for match in re.finditer(r"\w+\(s\)", _patient_text(path))
    ]
    assert not found


@pytest.mark.parametrize(("trials", "words"), [(1, "1 medicine"), (2, "2 medicines")])
def test_the_notes_count_medicines_with_the_right_plural(client, patient, trials, words):
    rows = [
        {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "no_change"},
        {"medication": "escitalopram", "daily_dose_mg": 20, "weeks": 8, "outcome": "no_change"},
    ][:trials]
    make_intake(patient, trials=rows)
    client.force_login(patient)
    notes = client.get(reverse("intake:home")).content.decode()
    assert words in notes
    assert "(s)" not in notes


# --- US English ----------------------------------------------------------------------------


def test_patient_text_is_in_us_english():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in PATIENT_SOURCES
        for match in BRITISH.finditer(_patient_text(path))
    ]
    found += [label for _, label in TherapyKind.choices if BRITISH.search(str(label))]
    found += [question for question in SAFETY_QUESTIONS.values() if BRITISH.search(question)]
    assert not found


def test_the_review_shows_the_therapy_in_us_english(client, complete_intake):
    html = client.get(reverse("intake:review")).content.decode()
    assert "Cognitive behavioral therapy (CBT)" in html
    assert "brain tumor" in html
    assert "behavioural" not in html
    assert "tumour" not in html


# --- dates ---------------------------------------------------------------------------------


def test_an_article_dates_its_review_the_us_way(client):
    article = ArticleFactory(
        last_reviewed=datetime.date(2026, 12, 1), next_review_due=datetime.date(2027, 3, 1)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Dec. 1, 2026" in html
    assert "March 1, 2027" in html
    assert "1 December 2026" not in html


def test_dates_on_the_patients_pages_use_the_site_formats(client, patient):
    sent = timezone.make_aware(datetime.datetime(2026, 12, 1, 15, 4))
    make_intake(patient, submitted_at=sent)
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    assert "Sent on Dec. 1, 2026 at 3:04 PM." in html
    assert "December 1, 2026" not in html
    rendered = Template("{{ day|date }}|{{ at|date:'DATETIME_FORMAT' }}").render(
        Context({"day": datetime.date(2026, 12, 1), "at": sent})
    )
    assert rendered == "Dec. 1, 2026|Dec. 1, 2026 at 3:04 PM"


# --- the outcome in the patient's own words --------------------------------------------------


def test_the_outcome_words_are_the_patients_own_answer():
    for value, label in TrialOutcome.choices:
        assert f"\u201c{label.lower()}\u201d" in OUTCOME_WORDS[value], value
    assert "half" not in " ".join(OUTCOME_WORDS.values())


def test_somewhat_better_is_not_shown_as_a_figure(client, patient):
    make_intake(
        patient,
        trials=[
            {"medication": "sertraline", "daily_dose_mg": 150, "weeks": 8, "outcome": "partial"}
        ],
    )
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    assert "you said \u201csomewhat better\u201d" in html
    assert "less than half" not in html


# --- session length -------------------------------------------------------------------------


def test_the_notes_and_the_articles_agree_on_how_long_a_session_takes():
    """docs/clinical-facts.md: theta burst about 3 minutes, standard 10 Hz about 37."""
    notes = (ROOT / "intake" / "setup" / "note_texts.json").read_text()
    articles = "".join(path.read_text() for path in (ROOT / "education" / "content").glob("*.txt"))
    for text in (notes, articles):
        assert "30 to 60 minutes" not in text
        assert "from about 3 minutes to about 40 minutes" in text
        assert "a few minutes to about 40" not in text


# --- answers that do not apply --------------------------------------------------------------


def _rows(intake, slug):
    return dict(next(s for s in summarise(intake) if s["slug"] == slug)["rows"])


def test_follow_up_questions_after_no_are_not_listed(patient):
    intake = make_intake(
        patient, ect_had="no", tms_had="no", therapy_had="no", ketamine="no", hospital_stays="no"
    )
    other = _rows(intake, "other-treatments")
    assert other["Have you ever had ECT (electroconvulsive therapy)?"] == "No"
    for label in (
        "About how many ECT sessions? (optional)",
        "How did ECT work for you?",
        "When the last ECT was",
        "When the last TMS was",
    ):
        assert label not in other
    assert NOT_ANSWERED not in other.values()
    assert "If yes: about when, and for how long? (optional)" not in _rows(intake, "depression")


def test_follow_up_questions_after_yes_are_listed_even_when_blank(patient):
    intake = make_intake(patient, ect_had="yes", ect_outcome="partial", ect_sessions=None)
    other = _rows(intake, "other-treatments")
    assert other["About how many ECT sessions? (optional)"] == NOT_ANSWERED
    assert other["When the last ECT was"] == NOT_ANSWERED


def test_consent_boxes_of_a_step_not_yet_saved_are_not_answered_not_no(patient):
    intake = make_intake(patient, status="draft", consent_true=False, consent_contact=False)
    consent = _rows(intake, "consent")
    assert consent["My answers are true to the best of my knowledge."] == NOT_ANSWERED
    assert consent["The clinic may contact me about my intake, in the way I chose."] == NOT_ANSWERED
    IntakeStep.objects.create(intake=intake, step="consent", version=1, completed=False)
    consent = _rows(intake, "consent")
    assert consent["The clinic may contact me about my intake, in the way I chose."] == "No"


def test_the_review_page_does_not_list_ect_sessions_after_no(client, complete_intake):
    html = client.get(reverse("intake:review")).content.decode()
    assert "Have you ever had ECT" in html
    assert "About how many ECT sessions" not in html
    assert "When the last TMS was" not in html


# --- a removed medicine row ----------------------------------------------------------------


def test_a_removed_row_shows_no_errors_and_is_not_checked(client, patient, save):
    client.force_login(patient)
    save("about-you")
    url = reverse("intake:step", args=["antidepressants"])
    version = client.get(url).context["version"]
    data = {
        "version": str(version),
        "action": "continue",
        **management(2),
        **trial_row(0, medication=""),
        # Removed in the page (JavaScript hid it), with three bad answers in it.
        **trial_row(1, medication="", daily_dose_mg="-5", weeks="abc", start_year="1200"),
        "trials-1-DELETE": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    start = html.index('id="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert summary.count("<li>") == 1
    assert "Medicine 1" in summary
    assert "Medicine 2" not in summary
    formset = response.context["formset"]
    assert formset.forms[1].errors == {}


# --- back to the review ---------------------------------------------------------------------


def test_adding_a_medicine_from_the_review_still_returns_to_the_review(client, complete_intake):
    url = reverse("intake:step", args=["antidepressants"]) + "?from=review"
    page = client.get(url)
    data = {
        **step_data("antidepressants"),
        "version": str(page.context["version"]),
        "from": "review",
        "action": "add",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert "from=review" in response.url
    page = client.get(response.url)
    html = page.content.decode()
    assert '<input type="hidden" name="from" value="review">' in html
    data = {**step_data("antidepressants"), "version": str(page.context["version"])}
    data["from"] = "review"
    response = client.post(response.url, data)
    assert response.url == reverse("intake:review")


def test_a_missing_step_linked_from_the_review_returns_to_the_review(client, patient, save):
    client.force_login(patient)
    save("about-you")
    html = client.get(reverse("intake:review")).content.decode()
    start = html.index('id="missing-steps"')
    missing = html[start : html.index("</div>", start)]
    link = reverse("intake:step", args=["depression"]) + "?from=review"
    assert f'<a href="{link}">' in missing
    page = client.get(link)
    assert '<input type="hidden" name="from" value="review">' in page.content.decode()
    data = {"version": str(page.context["version"]), **step_data("depression"), "from": "review"}
    assert client.post(link, data).url == reverse("intake:review")


# --- a missing signature --------------------------------------------------------------------


def test_a_lost_signature_is_named_with_a_link_to_sign(client, complete_intake):
    complete_intake.signed_name = ""
    complete_intake.signed_at = None
    complete_intake.save(update_fields=["signed_name", "signed_at"])
    html = client.get(reverse("intake:review")).content.decode()
    assert "Your signature is missing." in html
    sign = reverse("intake:step", args=["consent"]) + "?from=review"
    assert f'<a href="{sign}">Sign your intake</a>' in html
    assert "These steps still need answers" not in html
    response = client.post(reverse("intake:review"))
    assert response.status_code == 400
    assert "Your signature is missing. Please sign your intake" in response.content.decode()
    assert "Some steps still need answers" not in response.content.decode()


# --- tap to call ----------------------------------------------------------------------------


def test_crisis_numbers_in_the_notes_are_tap_to_call(client, patient):
    make_intake(
        patient, phq9=[3, 3, 2, 2, 1, 2, 2, 1, 2], urgent=True, urgent_flagged_at=timezone.now()
    )
    client.force_login(patient)
    html = client.get(reverse("intake:home")).content.decode()
    notes = html[html.index('id="intake-notes-title"') :]
    assert 'call or <a href="sms:988">text</a> <a href="tel:988">988</a>' in notes
    assert '<a href="tel:911">911</a>' in notes


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Call 911 now.", 'Call <a href="tel:911">911</a> now.'),
        ("You can text 988.", 'You can <a href="sms:988">text 988</a>.'),
        ("<script>988</script>", '&lt;script&gt;<a href="tel:988">988</a>&lt;/script&gt;'),
        (
            '<a href="tel:1">911</a>',
            '&lt;a href=&quot;tel:1&quot;&gt;<a href="tel:911">911</a>&lt;/a&gt;',
        ),
        ("Room 9880, code 1-988-000, 911.5 mg", "Room 9880, code 1-988-000, 911.5 mg"),
    ],
)
def test_phone_links_escape_first_and_link_only_the_crisis_numbers(text, html):
    rendered = Template("{% load intake_notes %}{{ text|phone_links }}").render(
        Context({"text": text})
    )
    assert rendered == html
