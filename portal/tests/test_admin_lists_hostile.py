"""Every admin list, every filter and the search, with hostile values: never a server error.

Run it on PostgreSQL too (``DATABASE_URL=postgres://...``): a NUL byte, a value longer than a
column, a number past bigint or a date that does not exist fail only there when they reach the
database. Each registered ModelAdmin's list is opened once to learn its filters' parameters
(``expected_parameters()`` of every filter, the date hierarchy's, and ``q`` when it searches),
then each parameter is sent with each value below.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "long": "x" * 5000,
    "dotless i": "\u0131r\u0131s@example.com",
    "full-width": "\uff49\uff52\uff49\uff53@example.com",
    "sharp s": "stra\u00dfe@example.com",
    "combining mark": "jose\u0301@example.com",
    "past bigint": "9" * 30,
    "negative": "-1",
    "bad date": "2026-13-45",
    "quote and percent": "' OR 1=1 -- %_\\",
}

# Models whose list never opens: their pages are reached from another page.
NO_LIST = {
    "intake.document": "a patient's paper opens from its intake's page",
    "portal.clinic": "one row: its list opens the row's page",
}
MODEL_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower not in NO_LIST
    ),
    key=lambda item: item[0]._meta.label_lower,
)


def _parameters(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    changelist = response.context["cl"]
    names = set()
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        field = changelist.date_hierarchy
        names.update(f"{field}__{part}" for part in ("year", "month", "day"))
    if changelist.search_fields:
        names.add("q")
    return sorted(names)


@pytest.mark.parametrize(
    "model_admin",
    [ma for _, ma in MODEL_ADMINS],
    ids=[m._meta.label_lower for m, _ in MODEL_ADMINS],
)
def test_every_filter_and_the_search_answer_hostile_values_without_a_server_error(
    client, superuser, model_admin
):
    client.raise_request_exception = False
    client.force_login(superuser)
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    failures = []
    for name in _parameters(client, url):
        for label, value in HOSTILE.items():
            response = client.get(url, {name: value})
            if response.status_code >= 500:
                failures.append(f"{name}={label}: {response.status_code}")
            elif label == "nul" and response.status_code != 400:
                # PostgreSQL cannot hold a NUL in a text value: the address is refused whole.
                failures.append(f"{name}={label}: {response.status_code}, not 400")
    assert not failures, failures


def test_the_lists_walked_are_every_admin_list_but_the_named_ones():
    walked = {model._meta.label_lower for model, _ in MODEL_ADMINS}
    assert {"intake.intake", "intake.accessevent", "auditlog.logentry", "portal.user"} <= walked
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - walked == set(NO_LIST)


def test_a_year_past_what_a_date_holds_is_refused_not_a_server_error(client, superuser):
    client.raise_request_exception = False
    client.force_login(superuser)
    url = reverse("admin:intake_accessevent_changelist")
    assert client.get(url, {"at__year": "9" * 30}).status_code == 400
    assert client.get(url, {"at__year": "2026"}).status_code == 200
