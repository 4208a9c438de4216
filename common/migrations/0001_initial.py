from django.db import migrations, models


class Migration(migrations.Migration):
    """PageTreeChange, moved here from cms with its table (cms_pagetreechange)."""

    initial = True

    dependencies = [
        ("cms", "0007_page_tree_change_moves_to_common"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageTreeChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"db_table": "cms_pagetreechange"},
                ),
            ],
        ),
    ]
