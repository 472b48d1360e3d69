"""``manage.py load_clinic_setup``: the set-up data files (intake/setup/) loaded idempotently,
all or nothing, keeping what staff edited in the admin."""

import json
import shutil
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import (
    CriteriaProfile,
    Medication,
    MedicationAlias,
    NoteText,
    SetupRecord,
    StepHelp,
)
from intake.roles import CLINICAL_REVIEWERS, CONTENT_EDITORS
from intake.setup import files, loader
from portal.models import PolicyText

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
INTAKE_KINDS = ("medications", "profiles", "note_texts", "step_help", "legal_texts", "staff_groups")


def load(*args):
    out = StringIO()
    call_command("load_clinic_setup", *args, stdout=out)
    return out.getvalue()


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def setup_folder(tmp_path, monkeypatch):
    """A copy of the data files the loader reads instead of the bundled ones."""
    folder = tmp_path / "setup"
    folder.mkdir()
    for kind, (filename, *_) in files.KINDS.items():
        shutil.copy(files.FOLDERS.get(kind, files.FOLDER) / filename, folder / filename)
    real_read = files.read
    monkeypatch.setattr(files, "read", lambda kind, folder_=None: real_read(kind, folder))
    return folder


def rewrite(folder, kind, change):
    filename, list_key, *_ = files.KINDS[kind]
    data = json.loads((folder / filename).read_text())
    change(data[list_key])
    data["version"] += 1
    (folder / filename).write_text(json.dumps(data, indent=2, sort_keys=True))


def rows_in_files():
    """How many rows the data files hold, every app's kinds included."""
    return sum(len(files.read(kind)[1]) for kind in files.KINDS)


def row(rows, field, key):
    return next(r for r in rows if r[field] == key)


def test_the_test_database_holds_exactly_the_data_files():
    assert Medication.objects.count() == len(files.medications())
    assert MedicationAlias.objects.count() == sum(len(m["aliases"]) for m in files.medications())
    assert NoteText.objects.count() == len(files.note_texts())
    assert StepHelp.objects.count() == len(files.step_help())
    assert CriteriaProfile.objects.count() == len(files.profiles())
    assert set(files.staff_groups()) == {CONTENT_EDITORS, CLINICAL_REVIEWERS}
    for code, text in files.note_texts().items():
        stored = NoteText.objects.get(code=code)
        assert (stored.patient_text, stored.staff_text, stored.article_slugs) == (
            text["patient_text"],
            text["staff_text"],
            text["article_slugs"],
        )
    profile = CriteriaProfile.objects.get(key="strict-4-trials")
    assert (
        profile.effective_date.isoformat()
        == row(files.profiles(), "key", profile.key)["effective_date"]
    )
    cariprazine = Medication.objects.get(generic_name="cariprazine")
    assert float(cariprazine.min_adequate_daily_mg) == 1.5


def test_a_second_load_writes_nothing_and_says_so():
    with CaptureQueriesContext(connection) as queries:
        output = load()
    assert writes(queries.captured_queries) == []
    assert f"Created 0, updated 0, kept 0, unchanged {rows_in_files()}" in output
    assert "Nothing changed." in output


def test_an_empty_database_gets_everything_then_a_second_load_changes_nothing():
    for model in (
        MedicationAlias,
        Medication,
        NoteText,
        StepHelp,
        CriteriaProfile,
        SetupRecord,
        PolicyText,
    ):
        model.objects.all().delete()
    Group.objects.all().delete()
    output = load()
    # Rows of other apps' kinds (the course's protocols) were left: they are recorded again.
    created = sum(len(files.read(kind)[1]) for kind in INTAKE_KINDS)
    assert f"Created {created}, updated 0, kept 0" in output
    assert Group.objects.get(name=CLINICAL_REVIEWERS).permissions.count() == len(
        files.staff_groups()[CLINICAL_REVIEWERS]
    )
    with CaptureQueriesContext(connection) as queries:
        assert "Nothing changed." in load()
    assert writes(queries.captured_queries) == []


def test_rows_without_a_fingerprint_are_recorded_once_then_left_alone():
    """A database set up by the old data migrations: same rows, no fingerprints yet."""
    SetupRecord.objects.all().delete()
    output = load()
    assert "Nothing changed." in output
    assert f"Recorded a fingerprint for {rows_in_files()} rows" in output
    with CaptureQueriesContext(connection) as queries:
        load()
    assert writes(queries.captured_queries) == []


def test_a_staff_edit_is_kept_and_reported_and_the_rest_updated(setup_folder):
    NoteText.objects.filter(code="trial.low_dose").update(patient_text="Our own words.")
    group = Group.objects.get(name=CONTENT_EDITORS)
    group.permissions.remove(group.permissions.first())

    def reword(rows):
        row(rows, "code", "trial.low_dose")["patient_text"] = "New file wording {medication}."
        # The Spanish keeps to the English's placeholders (the loader refuses it otherwise).
        row(rows, "code", "trial.low_dose")["patient_text_es"] = "Nuevas palabras {medication}."
        row(rows, "code", "trial.too_short")["staff_text"] = "New staff wording."

    rewrite(setup_folder, "note_texts", reword)
    rewrite(
        setup_folder,
        "medications",
        lambda rows: row(rows, "generic_name", "sertraline")["aliases"].append("Lustral"),
    )
    output = load()
    assert "Kept (edited or deleted by staff since it was loaded, left as it is): note text " in (
        output
    )
    assert "note text trial.low_dose" in output
    assert "staff group Content editors" in output
    assert "Updated: note text trial.too_short" in output
    assert "Updated: medication sertraline" in output
    assert "Created 0, updated 2, kept 2," in output
    assert NoteText.objects.get(code="trial.low_dose").patient_text == "Our own words."
    assert NoteText.objects.get(code="trial.too_short").staff_text == "New staff wording."
    assert MedicationAlias.objects.filter(medication__generic_name="sertraline").count() == 2
    # Loading again keeps the edit again, and writes nothing.
    with CaptureQueriesContext(connection) as queries:
        again = load()
    assert writes(queries.captured_queries) == []
    assert "kept 2" in again
    assert "Nothing changed." in again


def test_a_row_staff_deleted_is_not_brought_back():
    StepHelp.objects.filter(step="consent").delete()
    output = load()
    assert "Kept (edited or deleted by staff since it was loaded, left as it is): " in output
    assert "“why we ask” line consent (deleted)" in output
    assert not StepHelp.objects.filter(step="consent").exists()


def test_a_bad_file_gives_a_clear_error_and_writes_nothing(setup_folder):
    rewrite(
        setup_folder,
        "note_texts",
        lambda rows: row(rows, "code", "trial.too_short").update(staff_text="Changed."),
    )
    # A later file is wrong: the note text above is not written either.
    rewrite(
        setup_folder,
        "profiles",
        lambda rows: row(rows, "key", "fda-label").update(min_phq9_total=99),
    )
    with pytest.raises(CommandError) as error:
        load()
    message = str(error.value)
    assert "profiles.json: criteria profile fda-label: min_phq9_total:" in message
    assert "Nothing was loaded." in message
    assert NoteText.objects.get(code="trial.too_short").staff_text != "Changed."


@pytest.mark.parametrize(
    ("kind", "change", "says"),
    [
        ("note_texts", lambda rows: rows.append({"code": "x"}), "missing article_slugs"),
        ("note_texts", lambda rows: rows[0].update(code="no.such.note"), "never show a note"),
        ("step_help", lambda rows: rows.append(dict(rows[0])), "appears twice"),
        ("profiles", lambda rows: rows[0].update(is_default=True), "exactly one profile"),
        (
            "medications",
            lambda rows: rows[0]["aliases"].append("Zoloft"),
            "belongs to both",
        ),
        (
            "staff_groups",
            lambda rows: rows[0]["permissions"].append("intake.fly_intake"),
            "no such permission: intake.fly_intake",
        ),
    ],
)
def test_each_kind_of_mistake_is_named(setup_folder, kind, change, says):
    rewrite(setup_folder, kind, change)
    with pytest.raises(loader.SetupError) as error:
        loader.load_clinic_setup()
    assert says in str(error.value)


def test_a_file_that_is_not_json_is_named(setup_folder):
    (setup_folder / "step_help.json").write_text("{not json")
    with pytest.raises(CommandError) as error:
        load()
    assert "step_help.json: not valid JSON" in str(error.value)


def test_a_dry_run_writes_nothing(setup_folder):
    rewrite(
        setup_folder,
        "step_help",
        lambda rows: row(rows, "step", "consent").update(text="Why we ask for consent."),
    )
    output = load("--dry-run")
    assert "Dry run: nothing was written." in output
    assert "Updated: “why we ask” line consent" in output
    assert StepHelp.objects.get(step="consent").text != "Why we ask for consent."


# Two transactional tests: the second, at least, runs after a flush emptied every table.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_a_transactional_test_sees_the_current_set_up(run):
    low_dose = NoteText.objects.get(code="trial.low_dose").patient_text
    assert low_dose == files.note_texts()["trial.low_dose"]["patient_text"]
    assert "The rules we used look for at least {min_dose} mg a day" in low_dose
    assert Medication.objects.count() == len(files.medications())
    reviewers = Group.objects.get(name=CLINICAL_REVIEWERS)
    assert reviewers.permissions.count() == len(files.staff_groups()[CLINICAL_REVIEWERS])
