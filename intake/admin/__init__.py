"""The intake app's admin, one module per screen: the review queue and the intake's page
(``queue``, with the patient's papers from ``documents``), the clinic's catalogue
(``catalogue``), the records (``records``). Importing them registers their admins."""

from . import catalogue, queue, records, reevaluations  # noqa: F401
