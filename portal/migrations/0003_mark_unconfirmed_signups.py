from django.db import migrations


def mark_unconfirmed(apps, schema_editor):
    """Accounts that look like a sign-up waiting for its email confirmation (inactive, never
    signed in, not staff) keep what they had before: their owner can still confirm or reset.
    From now on, staff deactivating an account clears the mark."""
    User = apps.get_model("portal", "User")
    User.objects.filter(is_active=False, last_login__isnull=True, is_staff=False).update(
        awaiting_confirmation=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_add_user_awaiting_confirmation"),
    ]

    operations = [
        migrations.RunPython(mark_unconfirmed, migrations.RunPython.noop),
    ]
