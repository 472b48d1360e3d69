"""Django's makemessages with this project's choices, so that `make messages` and the check
in CI (.ci/messages.py) gather the same strings: the patient side's code and templates only (not
the admin, which stays English, nor tests, benchmark, load test, docs or collected static
files), file names without line numbers (fewer needless changes), and no entries the code no
longer uses."""

from django.core.management.commands import makemessages

IGNORED = [
    "tests",
    "admin",
    "simple_history",
    "bench",
    "load",
    "docs",
    "staticfiles",
    "private",
    "node_modules",
]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        options["no_obsolete"] = True
        options["add_location"] = "file"
        return super().handle(*args, **options)
