#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read the models: they need no secret key, so checking the migrations
# (`manage.py makemigrations --check`) works without the production variables. Every other
# command, the server's included, still refuses to start without SECRET_KEY.
MODEL_ONLY_COMMANDS = {"makemigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if len(sys.argv) > 1 and sys.argv[1] in MODEL_ONLY_COMMANDS:
        os.environ.setdefault("SECRET_KEY", "not-a-secret-model-only-command")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
