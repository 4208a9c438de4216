from django.db import migrations

THEMES = [
    ("Care workforce", "care-workforce"),
    ("Unpaid carers", "unpaid-carers"),
    ("Home first and care closer to home", "home-first"),
    ("Housing and adaptations", "housing-and-adaptations"),
    ("Technology", "technology"),
    ("Direct payments and personal budgets", "direct-payments"),
    ("Prevention", "prevention"),
    ("Information, advice and navigation", "information-and-advice"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("proposals", "Theme")
    for name, slug in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
