#!/usr/bin/env python3
"""The Spanish translation is up to date (docs/i18n.md); needs gettext.

Fails when locale/es/LC_MESSAGES/django.po misses a string the code marks (or keeps one it no
longer does), when an entry is untranslated or fuzzy, when msgfmt --check finds a fault (a
placeholder the Spanish lacks, a plural entry short of Spanish's three forms), or when the
committed django.mo is not the .po compiled. Leaves the working tree as it found it. Run from
anywhere:
    python .ci/messages.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "locale" / "es" / "LC_MESSAGES"
PO, MO = FOLDER / "django.po", FOLDER / "django.mo"
PYTHON = ROOT / ".venv" / "bin" / "python"
ENV = {**os.environ, "DEBUG": "true", "SECRET_KEY": "messages-check"}


def run(*args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own fixed commands
        args, check=True, capture_output=True, text=True, **kwargs
    ).stdout


def entries(path):
    """The .po's entries, sorted and unwrapped, without locations or the creation date."""
    text = run("msgcat", "--no-wrap", "--no-location", "--sort-output", str(path))
    return [line for line in text.splitlines() if not line.startswith('"POT-Creation-Date')]


def main():
    problems = []
    committed = PO.read_bytes()
    try:
        run(
            str(PYTHON if PYTHON.exists() else sys.executable),
            "manage.py",
            "makemessages",
            "--locale",
            "es",
            cwd=ROOT,
            env=ENV,
        )
        if entries(PO) != entries_of(committed):
            problems.append(
                "locale/es/LC_MESSAGES/django.po is out of date with the code: run `make "
                "messages`, translate the new entries and commit both files.\n"
                + run("git", "diff", "--stat", "--", str(PO), cwd=ROOT)
            )
    finally:
        PO.write_bytes(committed)
    for flag, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
        left = run("msgattrib", flag, "--no-obsolete", str(PO))
        msgids = [line for line in left.splitlines() if line.startswith("msgid ")]
        if len(msgids) > 1:  # the header's empty msgid is always there
            problems.append(f"{len(msgids) - 1} {what} entries in django.po:\n{left}")
    msgfmt_check = ("msgfmt", "--check", "-o", os.devnull, str(PO))
    checked = subprocess.run(msgfmt_check, capture_output=True, text=True)  # noqa: S603
    if checked.returncode:  # a wrong placeholder, a plural entry short of a form ...
        problems.append(f"django.po does not pass msgfmt --check:\n{checked.stderr}")
    with tempfile.TemporaryDirectory() as folder:
        compiled = Path(folder) / "django.mo"
        run("msgfmt", "--check-format", "-o", str(compiled), str(PO))
        if not MO.exists() or compiled.read_bytes() != MO.read_bytes():
            problems.append(
                "locale/es/LC_MESSAGES/django.mo is not django.po compiled: run "
                "`make messages` and commit it."
            )
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("Translations up to date.")
    return 1 if problems else 0


def entries_of(content):
    with tempfile.NamedTemporaryFile(suffix=".po") as file:
        file.write(content)
        file.flush()
        return entries(file.name)


if __name__ == "__main__":
    sys.exit(main())
