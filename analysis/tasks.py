"""Background work of the analysis app (django-tasks)."""

from django_tasks import task


@task()
def analysis_run_task(run_id: int) -> None:
    """Run a queued analysis; in-process in development and tests, on a worker in production."""
    from analysis.services import analysis_run_execute

    analysis_run_execute(run_id=run_id)
