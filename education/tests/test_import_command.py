"""import_qa: the command and the service behind it (and the admin upload)."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from education.models import Article, Question

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "content" / "tms-qa.txt"


def run(path):
    from io import StringIO

    out = StringIO()
    call_command("import_qa", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, data, name="qa.txt"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_the_seed_imports_two_published_questions_and_ten_published_answers():
    output = run(SEED)
    assert "Created 10, updated 0, kept 0, unchanged 0" in output
    assert Question.objects.published().count() == 2
    assert Article.objects.published().count() == 10
    first, second = Question.objects.all()
    assert list(first.articles.values_list("slug", flat=True)) == [
        "brain-connectivity",
        "rtms",
        "dual-mechanism",
        "tms-experience",
        "several-mechanisms",
    ]
    assert list(second.articles.values_list("title", flat=True)) == [
        "Mixed results",
        "Looks promising",
        "Absolutely",
        "TMS",
        "Yes",
    ]
    several = Article.objects.get(slug="several-mechanisms")
    assert several.sources == [{"url": "http://advancedmentalhealth.com/tms", "label": ""}]
    assert "advancedmentalhealth" not in several.body


def test_import_is_idempotent():
    run(SEED)
    before = list(Article.objects.values_list("pk", "updated"))
    history_before = Article.history.count()
    output = run(SEED)
    assert "Created 0, updated 0, kept 0, unchanged 10" in output
    assert Question.objects.count() == 2
    assert list(Article.objects.values_list("pk", "updated")) == before
    assert Article.history.count() == history_before


def test_an_answer_edited_by_staff_is_kept_on_reimport(tmp_path):
    run(SEED)
    rtms = Article.objects.get(slug="rtms")
    rtms.body = "Edited by the clinic: rTMS sessions here last about 20 minutes."
    rtms.save()
    changed = SEED.read_text().replace("Short electromagnetic pulses", "Brief magnetic pulses")
    output = run(write(tmp_path, changed))
    rtms.refresh_from_db()
    assert rtms.body == "Edited by the clinic: rTMS sessions here last about 20 minutes."
    assert "kept 1" in output
    assert "Kept (edited or deleted by staff since it was imported, left as it is): RTMS" in output


def test_an_answer_nobody_edited_is_updated_when_the_file_changes(tmp_path):
    run(SEED)
    changed = SEED.read_text().replace(
        "I wish insurance would cover", "I hope insurance will cover"
    )
    output = run(write(tmp_path, changed))
    assert "Created 0, updated 1, kept 0, unchanged 9" in output
    assert "I hope insurance will cover" in Article.objects.get(slug="looks-promising").body
    # ... and the next import of the same file changes nothing.
    assert "updated 0, kept 0, unchanged 10" in run(write(tmp_path, changed))


def test_an_unpublished_answer_stays_unpublished_on_reimport():
    run(SEED)
    Article.objects.filter(slug="tms").update(status=Article.Status.DRAFT)
    run(SEED)
    assert Article.objects.get(slug="tms").status == Article.Status.DRAFT


def test_a_new_answer_in_a_known_question_is_added(tmp_path):
    run(SEED)
    added = SEED.read_text() + "\nSide effects. Mild headache or scalp discomfort is common.\n"
    output = run(write(tmp_path, added))
    assert "Created 1," in output
    new = Article.objects.get(slug="side-effects")
    assert new.question.slug == "is-the-method-of-transcranial-magnetic-stimulation"
    assert new.status == Article.Status.PUBLISHED


def test_a_question_reworded_by_staff_is_still_recognised_by_its_address():
    run(SEED)
    Question.objects.filter(slug="can-you-explain-the-method-of-transcranial").update(
        text="How does TMS treat depression?"
    )
    output = run(SEED)
    assert Question.objects.count() == 2
    assert "unchanged 10" in output


def test_a_bad_line_imports_nothing(tmp_path):
    data = SEED.read_text() + "\nThis last line has no title at all\n"
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, data))
    assert error.value.returncode == 2
    assert "Line 16" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert Question.objects.count() == 0
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"Title. An answer first.\nQ?\n", "Line 1: this answer comes before any question"),
        (b"Q?\nno title here\n", "Line 2: this answer has no title"),
        (b"Q?\nA. fine.\n\xc3\x28 broken\n", "Line 3: this is not UTF-8 text"),
        (b"Q?\nA. " + b"long " * 5000 + b"\n", "Line 2: the line is 25,003 characters long"),
    ],
)
def test_bad_input_exits_with_status_2_and_says_why(tmp_path, data, message):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, data))
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert Article.objects.count() == 0


def test_a_missing_file_exits_with_status_2(tmp_path):
    with pytest.raises(CommandError, match="no such file") as error:
        run(tmp_path / "missing.txt")
    assert error.value.returncode == 2


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(CommandError, match="no such file") as error:
        run(tmp_path)
    assert error.value.returncode == 2


def test_the_command_exits_2_from_the_shell(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, b"Title. No question first.\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_qa", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 2
    assert "Line 1" in result.stderr


def test_what_staff_deleted_is_not_brought_back_by_a_reimport():
    run(SEED)
    Article.objects.get(slug="absolutely").delete()
    Question.objects.get(slug="can-you-explain-the-method-of-transcranial").delete()
    output = run(SEED)
    assert "Created 0, updated 0, kept 6, unchanged 4" in output
    assert "Absolutely (under: Is the method" in output
    assert not Article.objects.filter(slug="absolutely").exists()
    assert Question.objects.count() == 1
    assert Article.objects.count() == 4
