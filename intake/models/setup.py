"""What ``manage.py load_clinic_setup`` last wrote for each row of set-up data (intake/setup/), so
that a later load can tell a row staff edited (or deleted) in the admin since, and leave it be."""

from django.db import models


class SetupRecord(models.Model):
    """A fingerprint of the values last loaded into one row, named by its kind and its key."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=150)
    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "loaded set-up row"
        verbose_name_plural = "loaded set-up rows"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="setup_record_unique_key")
        ]

    def __str__(self):
        return f"{self.kind}: {self.key}"
