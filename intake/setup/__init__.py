"""The clinic's set-up data: versioned data files (``*.json`` here, read by ``files``) and their
idempotent loader (``loader``, run by ``manage.py load_clinic_setup``)."""
