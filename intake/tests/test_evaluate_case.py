"""`python manage.py evaluate_case PATH [--profile KEY]`, as docs/contract.md describes it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from .notes_helpers import import_seed_articles
from .test_eligibility_data import CONTRACT_CASE

pytestmark = pytest.mark.django_db

EVALUATION_KEYS = {
    "profile",
    "phq9_total",
    "severity",
    "adequate_failed_trials",
    "failed_classes",
    "augmentation_failures",
    "intolerances",
    "criteria",
    "notes",
}
CRITERIA = {"age", "severity", "failed_trials", "classes", "augmentation", "psychotherapy",
            "exclusions"}  # fmt: skip
LEVELS = ["urgent", "stop", "caution", "unmet", "met", "info"]


@pytest.fixture
def case_file(tmp_path):
    def _write(content, name="case.json"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    return _write


def run(*args):
    out = StringIO()
    call_command("evaluate_case", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_contracts_evaluation_for_the_contracts_example(case_file):
    import_seed_articles()
    data = run(case_file(CONTRACT_CASE))
    assert set(data) == EVALUATION_KEYS
    assert data["profile"] == "typical-2-classes"
    assert (data["phq9_total"], data["severity"]) == (16, "moderately_severe")
    assert data["adequate_failed_trials"] == 2
    assert data["failed_classes"] == ["NDRI", "SSRI"]
    assert (data["augmentation_failures"], data["intolerances"]) == (0, 0)
    assert set(data["criteria"]) == CRITERIA
    assert data["criteria"]["augmentation"] == "not_required"
    assert all(v == "met" for k, v in data["criteria"].items() if k != "augmentation")
    for note in data["notes"]:
        assert set(note) == {"code", "level", "params", "text", "articles"}
    levels = [LEVELS.index(note["level"]) for note in data["notes"]]
    assert levels == sorted(levels)
    failed = next(n for n in data["notes"] if n["code"] == "criterion.failed_trials")
    assert failed == {
        "code": "criterion.failed_trials",
        "level": "met",
        "params": {"counted": 2, "required": 2, "uncertain": 0},
        "text": failed["text"],
        "articles": ["what-counts-as-a-full-medicine-trial", "one-medicine-or-two"],
    }
    assert "looks in place" in failed["text"]
    assert data["notes"][0]["code"] == "safety.seizure"  # caution comes before met and info


def test_another_profile_can_be_named(case_file):
    data = run(case_file(CONTRACT_CASE), "--profile", "strict-4-trials")
    assert data["profile"] == "strict-4-trials"
    assert data["criteria"]["augmentation"] == "unmet"
    assert data["criteria"]["severity"] == "unmet"  # 16 < 20


def test_an_urgent_note_comes_first(case_file):
    data = run(case_file({**CONTRACT_CASE, "phq9": [3, 3, 2, 2, 1, 2, 2, 1, 1]}))
    assert data["notes"][0]["code"] == "urgent.item9"
    assert data["notes"][0]["level"] == "urgent"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "the case must be a JSON object"),
        ({**CONTRACT_CASE, "phq9": [1, 2, 3]}, "phq9 must be a list of nine answers"),
        ({**CONTRACT_CASE, "phq9": [4, 0, 0, 0, 0, 0, 0, 0, 0]}, "phq9[0] must be 0, 1, 2 or 3"),
        (
            {**CONTRACT_CASE, "trials": [{"medication": "sertraline", "daily_dose_mg": -5}]},
            "trials[0].daily_dose_mg must be a number of 0 or more",
        ),
        ({**CONTRACT_CASE, "age": "42"}, "age must be a whole number"),
        ({**CONTRACT_CASE, "favourite": 1}, "unknown key 'favourite'"),
        (b"\xff\xfe{}", "not UTF-8"),
        ('{"age": NaN}', "NaN"),
    ],
)
def test_bad_input_is_a_plain_message_and_exit_status_2(case_file, content, message):
    path = case_file(content)
    with pytest.raises(CommandError) as error:
        run(path)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert str(error.value).startswith(path)


def test_a_missing_file_is_a_plain_message_and_exit_status_2(tmp_path):
    with pytest.raises(CommandError) as error:
        run(str(tmp_path / "nowhere.json"))
    assert error.value.returncode == 2
    assert "no such file" in str(error.value)


def test_an_unknown_profile_is_a_plain_message_and_exit_status_2(case_file):
    with pytest.raises(CommandError) as error:
        run(case_file(CONTRACT_CASE), "--profile", "nope")
    assert error.value.returncode == 2
    assert "There is no criteria profile 'nope'" in str(error.value)


def test_from_the_command_line_the_exit_status_is_2_and_the_message_on_stderr(case_file, capsys):
    path = case_file({**CONTRACT_CASE, "phq9": "lots"})
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "evaluate_case", path])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}: phq9 must be a list of nine answers" in captured.err
    assert "Traceback" not in captured.err


def test_from_the_command_line_a_good_case_prints_json_and_exits_0(case_file, capsys):
    execute_from_command_line(["manage.py", "evaluate_case", case_file(CONTRACT_CASE)])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["profile"] == "typical-2-classes"
    assert captured.err == ""
