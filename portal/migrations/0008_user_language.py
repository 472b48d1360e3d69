from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_clinic_npi"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                help_text=(
                    "The language of the person's pages once signed in, and of their mails. Set "
                    "at sign-up, or at the first sign-in to the language they were reading in; "
                    "empty for an account that has not signed in since (its mails are in "
                    "English)."
                ),
                max_length=8,
                verbose_name="language",
            ),
        ),
    ]
