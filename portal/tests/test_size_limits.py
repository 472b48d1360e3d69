"""The size check (.ci/sizes.py) finds a long view wherever it lives: a views module, a module a
urls.py routes to, an admin method a get_urls() routes to under any name."""

import importlib.util
import textwrap
from pathlib import Path

import pytest

SIZES = Path(__file__).resolve().parents[2] / ".ci" / "sizes.py"


@pytest.fixture
def sizes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("sizes", SIZES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    for app in module.APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    return module


def long_body(lines):
    return "".join(f"    x{n} = {n}\n" for n in range(lines))


def write(root, name, source):
    (root / name).write_text(textwrap.dedent(source))


def test_a_long_view_in_a_module_a_urls_py_routes_to_is_named(sizes, tmp_path):
    write(
        tmp_path,
        "portal/urls.py",
        """\
        from django.urls import path
        from . import two_factor
        urlpatterns = [path("setup/", two_factor.setup), path("ok/", two_factor.short)]
        """,
    )
    write(
        tmp_path,
        "portal/two_factor.py",
        f"def setup(request):\n{long_body(30)}\n\ndef short(request):\n{long_body(5)}\n"
        f"\ndef helper(request):\n{long_body(40)}",
    )
    found = list(sizes.offenders())
    assert found == ["portal/two_factor.py:1 setup: 31 lines (a view stays under 30)"]


def test_every_method_of_a_routed_class_based_view_is_measured(sizes, tmp_path):
    write(
        tmp_path,
        "education/urls.py",
        """\
        from django.urls import path
        from .pages import ArticlePage
        urlpatterns = [path("a/", ArticlePage.as_view())]
        """,
    )
    body = long_body(32).replace("\n    ", "\n        ")
    write(
        tmp_path,
        "education/pages.py",
        f"class ArticlePage:\n    def get(self, request):\n    {body}",
    )
    assert [line.split(" ")[1] for line in sizes.offenders()] == ["get:"]


def test_an_admin_method_routed_by_get_urls_is_measured_whatever_its_name(sizes, tmp_path):
    body = long_body(33).replace("\n    ", "\n        ")
    write(
        tmp_path,
        "intake/exports_admin.py",
        "class ExportsMixin:\n"
        "    def get_urls(self):\n"
        "        wrap = self.admin_site.admin_view\n"
        "        return [path('p/', wrap(self.print_packet))]\n"
        f"    def print_packet(self, request, object_id):\n    {body}",
    )
    assert [line.split(" ")[1] for line in sizes.offenders()] == ["print_packet:"]
