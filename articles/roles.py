"""The newsroom's roles: which permissions make a Writer and an Editor.

Used by the migration that first creates the groups and by `manage.py sync_roles`, which
puts them back as defined here (after an upgrade adds permissions, or a mistaken edit).
"""

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
    ("articles", "add_previewlink"),
    ("articles", "change_previewlink"),
    ("articles", "view_previewlink"),
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
ROLES = {"Writers": WRITER_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def sync_roles(group_model, permission_model):
    """Create the groups if needed and give each exactly its permissions (that exist yet)."""
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = [
            permission
            for app_label, codename in codenames
            for permission in permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        ]
        group.permissions.set(permissions)
