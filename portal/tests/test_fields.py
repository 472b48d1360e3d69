import datetime

import pytest
from django import forms

from portal.fields import DateOfBirthField, MemorableDateField, age_on

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("portal.fields.timezone.localdate", lambda: TODAY)


class DateForm(forms.Form):
    born = DateOfBirthField(label="Date of birth")
    when = MemorableDateField(label="When", required=False, widget=None)


def clean(month, day, year, field="born"):
    form = DateForm({f"{field}_0": month, f"{field}_1": day, f"{field}_2": year})
    form.is_valid()
    return form.cleaned_data.get(field), form.errors.get(field, [])


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        ((1980, 3, 27), (2026, 3, 26), 45),
        ((1980, 3, 27), (2026, 3, 27), 46),
        ((2000, 2, 29), (2015, 2, 28), 14),
        ((2000, 2, 29), (2015, 3, 1), 15),
    ],
)
def test_age_counts_whole_years(born, day, age):
    assert age_on(datetime.date(*born), datetime.date(*day)) == age


def test_it_reads_month_day_year():
    assert clean("3", "27", "1980") == (datetime.date(1980, 3, 27), [])
    assert clean(" 03 ", "07", "1980") == (datetime.date(1980, 3, 7), [])


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter your date of birth."),
        (("3", "", "1980"), "Enter the month, the day and the year."),
        (("13", "1", "1980"), "Enter a real date"),
        (("2", "30", "1980"), "Enter a real date"),
        (("x", "1", "1980"), "Enter a real date"),
        (("3", "27", "80"), "Enter the year with four numbers"),
        (("11", "26", "2026"), "cannot be in the future"),
        (("1", "1", "2030"), "cannot be in the future"),
        (("11", "26", "2011"), "at least 15 years old"),
        (("11", "24", "1905"), "more than 120 years old"),
    ],
)
def test_it_rejects_bad_dates_of_birth_in_plain_words(settings, parts, message):
    settings.PATIENT_MINIMUM_AGE = 15  # a clinic that treats adolescents
    form = DateForm(
        {"born_0": parts[0], "born_1": parts[1], "born_2": parts[2]},
    )
    form.fields["born"].error_messages["required"] = "Enter your date of birth."
    assert not form.is_valid()
    assert len(form.errors["born"]) == 1
    assert message in form.errors["born"][0]


def test_the_age_limits_are_inclusive(settings):
    assert clean("11", "25", "2008")[0] == datetime.date(2008, 11, 25)  # 18 today: the default
    assert clean("11", "26", "2008")[0] is None  # 18 tomorrow
    settings.PATIENT_MINIMUM_AGE = 15  # a clinic that treats adolescents
    assert clean("11", "25", "2011")[0] == datetime.date(2011, 11, 25)  # 15 today
    assert clean("11", "25", "1906")[0] == datetime.date(1906, 11, 25)  # 120 today


def test_a_plain_date_may_be_any_past_date_and_optional():
    assert clean("1", "1", "1850", field="when")[0] == datetime.date(1850, 1, 1)
    assert clean("", "", "", field="when") == (None, [])


def test_the_widget_shows_a_saved_date_in_three_labelled_boxes():
    form = DateForm(initial={"born": datetime.date(1980, 3, 27)})
    html = str(form["born"])
    for part, value, autocomplete in (
        ("0", "3", "bday-month"),
        ("1", "27", "bday-day"),
        ("2", "1980", "bday-year"),
    ):
        assert f'id="id_born_{part}"' in html
        assert f'for="id_born_{part}"' in html
        assert f'value="{value}"' in html
        assert f'autocomplete="{autocomplete}"' in html
    assert html.count('inputmode="numeric"') == 3
    assert form["born"].use_fieldset


def test_only_a_date_of_birth_asks_the_browser_to_fill_it_in():
    html = str(DateForm()["when"])
    assert "bday" not in html
    assert html.count('autocomplete="off"') == 3
