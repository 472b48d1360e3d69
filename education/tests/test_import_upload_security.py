"""The Q&A upload in the admin: a size limit, UTF-8 text only, and the file is never kept where
the web server serves files (nor anywhere else on disk)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from education.models import Article

from .conftest import SEED

pytestmark = pytest.mark.django_db

IMPORT = "admin:education_article_import"


def upload(client, data, name="qa.txt"):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})


def files_under(path):
    return {p for p in path.rglob("*") if p.is_file()} if path.exists() else set()


@pytest.mark.parametrize(
    "data",
    [
        "Q?\nA. café au lait\n".encode("utf-16"),  # UTF-16 with its byte-order mark
        "Q?\nA. café au lait\n".encode("latin-1"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image renamed to .txt
    ],
    ids=["utf-16", "latin-1", "binary"],
)
def test_only_utf8_text_is_accepted(admin_client, data):
    html = upload(admin_client, data).content.decode()
    assert "not UTF-8 text" in html or "control character" in html
    assert Article.objects.count() == 0


def test_utf8_with_a_byte_order_mark_is_accepted(admin_client):
    response = upload(admin_client, b"\xef\xbb\xbf" + SEED.read_bytes())
    assert "Created 10" in response.content.decode()


def test_a_file_far_over_the_limit_is_refused_without_being_kept(admin_client):
    response = upload(admin_client, b"Q?\nA. " + b"x" * 5_000_000)
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert Article.objects.count() == 0


def test_the_upload_is_not_written_where_the_web_server_serves_files(
    admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would otherwise spool it to disk
    response = upload(admin_client, SEED.read_bytes(), name="../../static/evil.txt")
    assert "Created 10" in response.content.decode()
    assert files_under(tmp_path) == set()
