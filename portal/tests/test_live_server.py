"""The browser tests' live server (conftest.py): on SQLite it answers one request at a time, so
that a page and the favicon the browser asks for after it never share a transaction."""

import threading
import urllib.request

import pytest
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.test import Client

from portal.tests.factories import StaffFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL gives each of the server's threads its own connection",
)


def test_signed_in_requests_at_once_never_overlap_on_sqlite(live_server, monkeypatch):
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    cookie = client.cookies["sessionid"].value
    inside = {"now": 0, "most": 0}
    get_response = BaseHandler.get_response

    def counted(handler, request):
        inside["now"] += 1
        inside["most"] = max(inside["most"], inside["now"])
        try:
            return get_response(handler, request)
        finally:
            inside["now"] -= 1

    monkeypatch.setattr(BaseHandler, "get_response", counted)
    statuses = []

    def browse():
        for path in ["/favicon.ico", "/admin/", "/admin/portal/user/"] * 2:
            url = live_server.url + path  # http://localhost
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
            with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
                statuses.append(response.status)

    browsers = [threading.Thread(target=browse) for _ in range(6)]
    for browser in browsers:
        browser.start()
    for browser in browsers:
        browser.join()

    assert statuses == [200] * 36
    assert inside["most"] == 1
