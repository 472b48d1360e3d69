import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest

pytestmark = pytest.mark.django_db


def test_local_staff_login_is_created_once_with_a_printed_password(
    settings, capsys, django_user_model, client
):
    settings.DEBUG = True
    call_command("ensure_local_staff")
    first = capsys.readouterr().out
    password = next(
        line.split(":", 1)[1].strip() for line in first.splitlines() if "password:" in line
    )
    assert "changepassword" in first
    assert client.login(request=HttpRequest(), username="staff@localhost", password=password)

    call_command("ensure_local_staff")
    second = capsys.readouterr().out
    assert password not in second
    assert django_user_model.objects.filter(is_staff=True).count() == 1


def test_local_staff_login_is_refused_outside_development(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development"):
        call_command("ensure_local_staff")
    assert not django_user_model.objects.exists()
