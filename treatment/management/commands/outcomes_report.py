"""``python manage.py outcomes_report [--json]``: the clinic's outcomes (treatment/outcomes.py).

Text by default: one line per course, then the rates over completed courses. ``--json``: the
keys of docs/contract.md, nothing more."""

import json

from django.core.management.base import BaseCommand

from treatment.outcomes import outcomes

COLUMNS = (
    ("Course", 6),
    ("Status", 13),
    ("Baseline", 8),
    ("Latest", 6),
    ("Change", 6),
    ("Response", 8),
    ("Remission", 9),
    ("Sessions", 8),
    ("Planned", 7),
    ("Authorized", 10),
    ("Left", 5),
)


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _rate(rate):
    if rate.value is None:
        return "no completed course has two check-ins yet"
    return f"{rate.value:.0%} ({rate.count} of {rate.of} completed courses with two check-ins)"


class Command(BaseCommand):
    help = "The clinic's outcomes: per course PHQ-9, response, remission, sessions, authorization."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="The JSON described in docs/contract.md."
        )

    def handle(self, *args, **options):
        report = outcomes()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), indent=2))
            return
        line = "  ".join(f"{{:<{width}}}" for _name, width in COLUMNS)
        self.stdout.write(line.format(*(name for name, _width in COLUMNS)))
        for row in report.courses:
            values = (
                row.id,
                row.course.get_status_display(),
                row.baseline_phq9,
                row.latest_phq9,
                row.change,
                row.response,
                row.remission,
                row.sessions_done,
                row.sessions_planned,
                row.sessions_authorized,
                row.authorization_remaining,
            )
            self.stdout.write(line.format(*map(_cell, values)))
        if not report.courses:
            self.stdout.write("No course yet.")
        self.stdout.write("")
        self.stdout.write(f"Completed courses: {report.completed}")
        self.stdout.write(f"Response rate: {_rate(report.response)}")
        self.stdout.write(f"Remission rate: {_rate(report.remission)}")
