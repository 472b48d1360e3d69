"""Hostile input to the staff admin's edit forms (article, question, note texts, the medication
catalogue, a criteria profile) and to the reviewer's "carry out" deletion action: never a 500,
and a refused form leaves the rows as they were. Strategies come from test_hostile_input.py.

Each form's valid data is what a browser would send from the change page as it is shown (read
from the page's HTML), so that a field added to an admin form later is covered too.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client, TestCase
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from education.tests.factories import ArticleFactory
from intake.models import DeletionRequest, Intake, Medication, NoteText
from intake.roles import CLINICAL_REVIEWERS, CONTENT_EDITORS
from intake.services import rights
from intake.tests.factories import submitted_intake
from portal.tests.factories import staff_user

from .test_hostile_input import assert_answered, fuzz, hostile_value, mutated

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The fields of the page's main form, as the browser would post them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None
        self._options = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
            self._options = []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None
        elif tag == "form":
            self.inside = False


def form_data(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    # One value per field where there is one; a list where the form sends several.
    data = {k: v[0] if len(v) == 1 else v for k, v in reader.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    assert data, f"no form {form_id} on {url}"
    return data


def rows(*labels):
    """Every row of the given models (and their history tables), to compare before and after."""
    result = []
    for label in labels:
        model = apps.get_model(label)
        result.append(list(model.objects.order_by("pk").values()))
    return result


def staff_client(group):
    """Signed in as a member of ``group``; the account is kept between examples (the database
    is not rolled back between hypothesis examples)."""
    User = apps.get_model("portal.User")
    email = f"{group.split()[0].lower()}@clinic.example"
    user = User.objects.filter(email=email).first() or staff_user(email, group)
    client = Client()
    client.force_login(user)
    return client


def post_and_check(client, url, data, labels):
    before = rows(*labels)
    response = client.post(url, data)
    assert_answered(response)
    if response.status_code != 302:
        # Shown again with a message (or refused): nothing was written.
        assert rows(*labels) == before, f"refused, but rows changed: {url}"
    return response


# --- Content editors: questions and articles ----------------------------------------------------

EDUCATION_ROWS = (
    "education.Question",
    "education.Article",
    "education.HistoricalQuestion",
    "education.HistoricalArticle",
)


@fuzz
@given(data=st.data(), page=st.sampled_from(["article", "question", "article_add"]))
def test_the_article_and_question_forms_answer_any_input(data, page):
    client = staff_client(CONTENT_EDITORS)
    article = ArticleFactory()
    url, form_id = {
        "article": (
            reverse("admin:education_article_change", args=[article.pk]),
            "article_form",
        ),
        "question": (
            reverse("admin:education_question_change", args=[article.question.pk]),
            "question_form",
        ),
        "article_add": (reverse("admin:education_article_add"), "article_form"),
    }[page]
    valid = form_data(client, url, form_id)
    post_and_check(client, url, data.draw(mutated(valid)), EDUCATION_ROWS)


# --- Clinical reviewers: note texts, the medication catalogue, criteria profiles ---------------


ELIGIBILITY_ROWS = (
    "intake.NoteText",
    "intake.Medication",
    "intake.MedicationAlias",
    "intake.CriteriaProfile",
    "intake.InsurancePlanMapping",
)


def _eligibility_page(page):
    from intake.models import CriteriaProfile

    if page == "note":
        note = NoteText.objects.order_by("pk").first()
        return reverse("admin:intake_notetext_change", args=[note.pk]), "notetext_form"
    if page == "medication":
        medication = Medication.objects.filter(aliases__isnull=False).order_by("pk").first()
        return reverse("admin:intake_medication_change", args=[medication.pk]), "medication_form"
    if page == "medication_add":
        return reverse("admin:intake_medication_add"), "medication_form"
    profile = CriteriaProfile.objects.order_by("pk").first()
    return reverse("admin:intake_criteriaprofile_change", args=[profile.pk]), "criteriaprofile_form"


@fuzz
@given(
    data=st.data(),
    page=st.sampled_from(["note", "medication", "medication_add", "profile"]),
)
def test_the_eligibility_data_forms_answer_any_input(data, page):
    client = staff_client(CLINICAL_REVIEWERS)
    url, form_id = _eligibility_page(page)
    valid = form_data(client, url, form_id)
    post_and_check(client, url, data.draw(mutated(valid)), ELIGIBILITY_ROWS)


@pytest.mark.parametrize(
    ("group", "form_page"),
    [
        (CONTENT_EDITORS, "article"),
        (CONTENT_EDITORS, "question"),
        (CLINICAL_REVIEWERS, "note"),
        (CLINICAL_REVIEWERS, "medication"),
        (CLINICAL_REVIEWERS, "profile"),
    ],
)
def test_each_form_as_its_page_shows_it_is_accepted(group, form_page):
    """The starting point of the hostile examples is valid: posted unchanged, it saves."""
    client = staff_client(group)
    if form_page in ("article", "question"):
        article = ArticleFactory()
        obj = article if form_page == "article" else article.question
        url = reverse(f"admin:education_{form_page}_change", args=[obj.pk])
        form_id = f"{form_page}_form"
    else:
        url, form_id = _eligibility_page(form_page)
    response = client.post(url, form_data(client, url, form_id))
    assert response.status_code == 302, url


@fuzz
@given(
    counts=st.fixed_dictionaries(
        {
            "aliases-TOTAL_FORMS": st.sampled_from(["0", "1", "3", "1001", "-1", "x", "", "1e9"]),
            "aliases-INITIAL_FORMS": st.sampled_from(["0", "2", "-5", "999999", "x"]),
        }
    ),
    alias_id=st.sampled_from(["", "-1", "999999999", "x", "1.5"]),
    alias_name=hostile_value,
)
def test_the_medication_aliases_survive_forged_counts(counts, alias_id, alias_name):
    client = staff_client(CLINICAL_REVIEWERS)
    url, form_id = _eligibility_page("medication")
    valid = form_data(client, url, form_id)
    prefix = next(k for k in valid if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    posted = {**valid, **{k.replace("aliases", prefix): v for k, v in counts.items()}}
    posted[f"{prefix}-0-id"] = alias_id
    posted[f"{prefix}-0-name"] = alias_name
    post_and_check(client, url, posted, ELIGIBILITY_ROWS)


# --- Patients' deletion requests: the reviewer's "carry out" action -----------------------------


def _names_a_row(value):
    """Django reads "٣" (an Arabic-Indic three) or " 3 " as the key 3: a real selection, perhaps
    of an earlier example's request, not a forged one."""
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


# A forged selection: any hostile value that is not, read as a number, some row's key.
forged_id = hostile_value.filter(
    lambda value: not any(_names_a_row(v) for v in (value if isinstance(value, list) else [value]))
)


def patient_rows(patient_pk):
    User = apps.get_model("portal.User")
    return (
        list(User.objects.filter(pk=patient_pk).values()),
        list(Intake.objects.filter(patient_id=patient_pk).order_by("pk").values()),
        list(DeletionRequest.objects.order_by("pk").values()),
    )


@fuzz
@given(
    data=mutated({"action": "carry_out", "_selected_action": "REQUEST", "index": "0"}),
    selected=st.one_of(
        st.just("REQUEST"), forged_id, st.lists(st.just("REQUEST") | forged_id, max_size=3)
    ),
)
def test_the_carry_out_action_answers_any_input(data, selected):
    reviewer = staff_client(CLINICAL_REVIEWERS)
    intake = submitted_intake()
    deletion_request, _ = rights.request_deletion(patient=intake.patient)
    if "_selected_action" in data:
        values = selected if isinstance(selected, list) else [selected]
        data["_selected_action"] = [
            str(deletion_request.pk) if value == "REQUEST" else value for value in values
        ]
    before = patient_rows(intake.patient_id)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = reviewer.post(reverse("admin:intake_deletionrequest_changelist"), data)
    assert_answered(response)
    deletion_request.refresh_from_db()
    if deletion_request.state == DeletionRequest.State.PENDING:
        assert patient_rows(intake.patient_id) == before
    else:
        # Carried out whole: the account and its unreviewed intake are gone.
        assert patient_rows(intake.patient_id)[:2] == ([], [])
        assert deletion_request.result == DeletionRequest.Result.DELETED


# --- Superusers: the clinic's details ------------------------------------------------------------


@fuzz
@given(data=st.data())
def test_the_clinic_details_form_answers_any_input(data):
    User = apps.get_model("portal.User")
    admin = User.objects.filter(email="super@clinic.example").first() or staff_user(
        "super@clinic.example", superuser=True
    )
    client = Client()
    client.force_login(admin)
    url = reverse("admin:portal_clinic_change", args=[1])
    client.get(reverse("admin:portal_clinic_changelist"))  # made from CLINIC_NAME on first use
    valid = form_data(client, url, "clinic_form")
    post_and_check(client, url, data.draw(mutated(valid)), ("portal.Clinic",))


def test_the_clinic_details_form_as_its_page_shows_it_is_accepted():
    client = Client()
    client.force_login(staff_user("super@clinic.example", superuser=True))
    client.get(reverse("admin:portal_clinic_changelist"))
    url = reverse("admin:portal_clinic_change", args=[1])
    assert client.post(url, form_data(client, url, "clinic_form")).status_code == 302
