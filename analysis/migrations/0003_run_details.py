"""A run's per-person and per-statement findings move from ``result`` to ``details``."""

from django.db import migrations, models

# As analysis.selectors.DETAIL_KEYS was when this migration was written.
DETAIL_KEYS = ("participants", "projection", "placement", "statements")


def move_out(apps, schema_editor):
    AnalysisRun = apps.get_model("analysis", "AnalysisRun")
    for run in AnalysisRun.objects.exclude(result=None).iterator(chunk_size=10):
        run.details = {key: run.result.pop(key) for key in DETAIL_KEYS if key in run.result}
        run.save(update_fields=["result", "details"])


def move_back(apps, schema_editor):
    AnalysisRun = apps.get_model("analysis", "AnalysisRun")
    for run in AnalysisRun.objects.exclude(details=None).iterator(chunk_size=10):
        run.result = {**(run.result or {}), **run.details}
        run.details = None
        run.save(update_fields=["result", "details"])


class Migration(migrations.Migration):
    dependencies = [("analysis", "0002_runs_keep_relationship_mix")]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="details",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(move_out, move_back),
    ]
