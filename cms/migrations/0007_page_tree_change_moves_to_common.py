from django.db import migrations


class Migration(migrations.Migration):
    """PageTreeChange moves to common (which page_tree, below every app, uses); its table
    stays where it is, so this changes Django's state only."""

    dependencies = [
        ("cms", "0006_page_tree_change"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PageTreeChange")],
        ),
    ]
