import logging

from django.db import migrations, models

logger = logging.getLogger("portal.migrations")


def fill_email_keys(apps, schema_editor):
    """Each account gets the key of its email (portal/identity.py). When two existing accounts
    have the same key (look-alike spellings, "ivy@" and the same with a dotless i), both rows are kept: the
    one most likely the owner's (active, then has signed in, then oldest) gets the key; the
    others keep no key, so they cannot sign in, and are listed in the log. Staff see them in
    the user list under "email key: empty" and change or delete them (docs/security.md)."""
    from portal.identity import email_key

    User = apps.get_model("portal", "User")
    users = sorted(
        User.objects.all(),
        key=lambda user: (not user.is_active, user.last_login is None, user.pk),
    )
    taken = {}
    for user in users:
        key = email_key(user.email) or None
        if key is not None and key in taken:
            logger.warning(
                "Account %s has the same email key as account %s: left without a key, it "
                "cannot sign in until staff change its email.",
                user.pk,
                taken[key],
            )
            print(f"\n  Account {user.pk} clashes with account {taken[key]}: left without a key.")
            continue
        taken[key] = user.pk
        User.objects.filter(pk=user.pk).update(email_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_clinic"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_key",
            field=models.CharField(
                editable=False,
                error_messages={"unique": "An account with this email address already exists."},
                help_text=(
                    "The email in one normalised form (lower case, look-alike letters folded), "
                    "set on every save: unique, and what sign-in, the lockout and the email "
                    "limits use. Empty only for an account whose address clashed with another "
                    "one when keys were first made: it cannot sign in until its email is "
                    "changed."
                ),
                max_length=1024,
                null=True,
                unique=True,
                verbose_name="email key",
            ),
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="user",
            name="portal_user_email_ci_unique",
        ),
    ]
