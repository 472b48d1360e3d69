"""The people of every app's tests, in one place.

The personas (`patient`, `other_patient`, `editor`, `reviewer`, `superuser`, `staff` and the
signed-in `editor_client`, `reviewer_client`) are fixtures in the root conftest.py, built here.
Intakes are built by intake/tests/factories.py.
"""

import datetime

import factory
from django.contrib.auth import get_user_model

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A patient account that signs in with PASSWORD."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    full_name = factory.Faker("name")
    date_of_birth = datetime.date(1980, 3, 27)
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@clinic.example.com")
    is_staff = True


class PatientFactory(UserFactory):
    """A patient who never signs in with a password (no hashing), as the intake builders need;
    one account per email address."""

    class Meta:
        django_get_or_create = ("email",)

    date_of_birth = None
    password = "!"


def staff_user(email, group=None, *, full_name="Rita Reviewer", superuser=False):
    """A staff account in ``group`` (one of intake.roles' group names), or a superuser."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        email=email,
        password=PASSWORD,
        full_name=full_name,
        is_staff=True,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
