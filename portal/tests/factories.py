import datetime

import factory
from django.contrib.auth import get_user_model

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
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
