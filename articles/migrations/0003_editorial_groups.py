"""The two newsroom roles. Writers draft and submit; Editors also publish and correct."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_byline"),
    ("articles", "change_byline"),
    ("articles", "delete_byline"),
    ("articles", "view_byline"),
    ("articles", "view_section"),
    ("articles", "view_author"),
    ("articles", "view_revision"),
    ("articles", "view_workflowevent"),
    ("articles", "view_correction"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]
EDITOR_PERMISSIONS = [
    *WRITER_PERMISSIONS,
    ("articles", "publish_article"),
    ("articles", "delete_article"),
    ("articles", "add_section"),
    ("articles", "change_section"),
    ("articles", "add_author"),
    ("articles", "change_author"),
    ("articles", "add_correction"),
    ("articles", "view_articleredirect"),
    ("articles", "change_articleredirect"),
    ("articles", "delete_articleredirect"),
    ("taggit", "change_tag"),
    ("taggit", "delete_tag"),
]
GROUPS = {"Writers": WRITER_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
