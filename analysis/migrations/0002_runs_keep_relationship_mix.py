"""Count, for each finished run, how its groups' people describe their relationship to
care, as runs now do when they finish: the board report reads it from the run."""

from django.db import migrations

from analysis.selectors import relationship_mix


def add_relationship_mix(apps, schema_editor):
    AnalysisRun = apps.get_model("analysis", "AnalysisRun")
    User = apps.get_model("accounts", "User")
    Vote = apps.get_model("deliberation", "Vote")
    for run in AnalysisRun.objects.filter(status="succeeded").exclude(result=None).iterator():
        if "relationships" in run.result:
            continue
        voters = Vote.objects.filter(statement__thread_id=run.thread_id).values("voter_id")
        said = dict(User.objects.filter(pk__in=voters).values_list("pk", "relationship_to_care"))
        run.result["relationships"] = relationship_mix(run.result.get("participants", {}), said)
        run.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("accounts", "0005_easy_read_preference_and_support_consent"),
        ("deliberation", "0003_contribution_supporter"),
    ]

    operations = [migrations.RunPython(add_relationship_mix, migrations.RunPython.noop)]
