from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Site administrators"
# Setting up the councils and boards that use Hearth, and who speaks for them: a role of
# its own, so that nobody needs to be a superuser to do it.
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *(
        ("accounts", f"{action}_{model}")
        for model in ("organisation", "membership")
        for action in ("add", "change", "delete", "view")
    ),
]


def add_group(apps, schema_editor):
    # Permissions are made after migrations; make them now on a new database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_easy_read_preference_and_support_consent"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
