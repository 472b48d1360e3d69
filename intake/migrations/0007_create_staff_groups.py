from django.db import migrations

# Frozen here (a migration must not change when code does); intake/roles.py is the live list
# and a test checks that the groups match it, so a change there needs a new migration.
ROLE_PERMISSIONS = {
    "Content editors": [
        ("education", "add_article"),
        ("education", "add_question"),
        ("education", "change_article"),
        ("education", "change_question"),
        ("education", "delete_article"),
        ("education", "delete_question"),
        ("education", "view_article"),
        ("education", "view_historicalarticle"),
        ("education", "view_historicalquestion"),
        ("education", "view_question"),
    ],
    "Clinical reviewers": [
        ("auditlog", "view_logentry"),
        ("intake", "add_criteriaprofile"),
        ("intake", "add_insuranceplanmapping"),
        ("intake", "add_medication"),
        ("intake", "add_medicationalias"),
        ("intake", "add_notetext"),
        ("intake", "add_stephelp"),
        ("intake", "change_criteriaprofile"),
        ("intake", "change_insuranceplanmapping"),
        ("intake", "change_intake"),
        ("intake", "change_medication"),
        ("intake", "change_medicationalias"),
        ("intake", "change_notetext"),
        ("intake", "change_stephelp"),
        ("intake", "delete_criteriaprofile"),
        ("intake", "delete_insuranceplanmapping"),
        ("intake", "delete_medication"),
        ("intake", "delete_medicationalias"),
        ("intake", "delete_notetext"),
        ("intake", "delete_stephelp"),
        ("intake", "export_intake"),
        ("intake", "view_accessevent"),
        ("intake", "view_criteriaprofile"),
        ("intake", "view_insuranceplanmapping"),
        ("intake", "view_intake"),
        ("intake", "view_intakestep"),
        ("intake", "view_medication"),
        ("intake", "view_medicationalias"),
        ("intake", "view_notetext"),
        ("intake", "view_safetyanswer"),
        ("intake", "view_statuschange"),
        ("intake", "view_stephelp"),
        ("intake", "view_trial"),
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0017_add_actor_email"),
        ("education", "0002_article_search_vector_postgresql"),
        ("intake", "0006_add_review_queue_and_access_events"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
