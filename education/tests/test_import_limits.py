"""A Q&A import holds at most QA_IMPORT_MAX_ANSWERS answers (and
QA_IMPORT_MAX_ANSWERS_PER_QUESTION under one question), in the admin upload and in the
import_qa command alike."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from education.models import Article

pytestmark = pytest.mark.django_db


def document(questions, answers_each):
    lines = []
    for q in range(questions):
        lines.append(f"Question number {q}?")
        lines += [f"Answer {q}-{a}. Some words about answer {a}." for a in range(answers_each)]
    return ("\n".join(lines) + "\n").encode()


def test_the_admin_upload_refuses_more_answers_than_the_limit(admin_client, settings):
    settings.QA_IMPORT_MAX_ANSWERS = 20
    data = document(questions=3, answers_each=7)  # 21 answers
    response = admin_client.post(
        reverse("admin:education_article_import"), {"file": SimpleUploadedFile("qa.txt", data)}
    )
    html = response.content.decode()
    assert "more than 20 answers" in html
    assert "QA_IMPORT_MAX_ANSWERS" in html
    assert Article.objects.count() == 0


def test_the_admin_upload_takes_the_limit_itself(admin_client, settings):
    settings.QA_IMPORT_MAX_ANSWERS = 21
    data = document(questions=3, answers_each=7)
    admin_client.post(
        reverse("admin:education_article_import"), {"file": SimpleUploadedFile("qa.txt", data)}
    )
    assert Article.objects.count() == 21


def test_the_command_refuses_more_answers_than_the_limit(tmp_path, settings):
    settings.QA_IMPORT_MAX_ANSWERS = 20
    path = tmp_path / "qa.txt"
    path.write_bytes(document(questions=3, answers_each=7))
    with pytest.raises(CommandError, match="more than 20 answers"):
        call_command("import_qa", str(path))
    assert Article.objects.count() == 0


def test_the_default_limit_stops_twenty_thousand_small_answers(tmp_path):
    path = tmp_path / "qa.txt"
    path.write_bytes(document(questions=400, answers_each=50))  # 20,000 answers, under 1 MB
    assert path.stat().st_size < 1_000_000
    with pytest.raises(CommandError, match="more than 500 answers"):
        call_command("import_qa", str(path))
    assert Article.objects.count() == 0


def test_one_question_may_hold_at_most_its_own_limit(tmp_path, settings):
    settings.QA_IMPORT_MAX_ANSWERS_PER_QUESTION = 5
    path = tmp_path / "qa.txt"
    path.write_bytes(document(questions=1, answers_each=6))
    with pytest.raises(CommandError, match="more than 5 answers, the limit for one question"):
        call_command("import_qa", str(path))
