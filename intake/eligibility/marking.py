"""Marking this package's patient-facing strings for translation without importing Django.

``make messages`` finds a string by the name of the function around it; the Django side
translates the value with ``gettext`` where it shows it.
"""


def gettext_noop(text: str) -> str:
    return text
