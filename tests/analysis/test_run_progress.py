"""The officer's button returns at once; the report shows the run's progress until done."""

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks import default_task_backend
from wagtail.models import PageViewRestriction

from accounts.models import User
from analysis.models import AnalysisRun, RunStatus
from analysis.services import analysis_run_task
from cms.models import ConsultationPage
from cms.services import consultation_discussion

URL = "/consultations/home-care/"
WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def running(consultation: ConsultationPage, **fields: Any) -> AnalysisRun:
    values = {"status": RunStatus.RUNNING, "progress": 40, "progress_message": "Finding groups"}
    return AnalysisRun.objects.create(
        thread=consultation_discussion(consultation=consultation), **{**values, **fields}
    )


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.django_db
def test_with_a_task_worker_the_button_only_queues_the_run_and_the_page_says_so(
    consultation: ConsultationPage,
    officer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = Client()
    client.force_login(officer)
    with override_settings(TASKS=WORKER):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL + "report/run/")
        assert response.status_code == 302
        assert response["Location"] == URL + "report/"
        run = AnalysisRun.objects.get()
        assert (run.status, run.progress, run.requested_by) == (RunStatus.QUEUED, 0, officer)
        results = default_task_backend.results  # type: ignore[attr-defined] # the dummy backend's own list
        queued = [r.args for r in results if r.task.func is analysis_run_task.func]
        assert queued == [[run.pk]]

    page = text(client.get(URL + "report/").content.decode())
    assert "The analysis is running: 0% done — Waiting to start." in page
    assert "Refresh to see progress" in page
    assert "There is no analysis of this consultation yet" not in page


@pytest.mark.django_db
def test_a_run_under_way_shows_its_progress_in_words_and_as_a_labelled_bar(
    consultation: ConsultationPage,
) -> None:
    running(consultation)
    html = Client().get(URL + "report/").content.decode()
    assert "The analysis is running: 40% done — Finding groups." in text(html)
    region = re.search(r'<p [^>]*aria-live="polite"[^>]*>([^<]*)</p>', html)
    assert region is not None
    assert region.group(1) == "The analysis is running: 40% done — Finding groups."
    assert re.search(r'<label [^>]*for="run-progress"[^>]*>Progress of the analysis</label>', html)
    assert re.search(r'<progress [^>]*id="run-progress" max="100" value="40">40%</progress>', html)
    assert f'data-run-status-url="{URL}report/status/"' in html
    assert f'<a class="govuk-link" href="{URL}report/">Refresh to see progress</a>' in html
    assert "analysis/run-progress.js" in html


@pytest.mark.django_db
def test_the_status_json_follows_the_run_until_it_has_finished(
    consultation: ConsultationPage,
) -> None:
    client = Client()
    assert client.get(URL + "report/status/").json() == {
        "status": None,
        "active": False,
        "progress": 0,
        "message": "",
        "text": "",
    }
    run = running(consultation)
    response = client.get(URL + "report/status/")
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "running",
        "active": True,
        "progress": 40,
        "message": "Finding groups",
        "text": "The analysis is running: 40% done — Finding groups.",
    }
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=RunStatus.SUCCEEDED, progress=100, progress_message="Finished"
    )
    assert client.get(URL + "report/status/").json() == {
        "status": "succeeded",
        "active": False,
        "progress": 100,
        "message": "Finished",
        "text": "",
    }


@pytest.mark.django_db
def test_the_status_is_shown_only_to_those_who_may_see_the_report(
    consultation: ConsultationPage, user: User
) -> None:
    running(consultation)
    PageViewRestriction.objects.create(
        page=consultation, restriction_type=PageViewRestriction.LOGIN
    )
    visitor = Client()
    for path in (URL + "report/", URL + "report/status/"):
        response = visitor.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:sign-in')}?next={path}"
    visitor.force_login(user)
    assert visitor.get(URL + "report/status/").json()["progress"] == 40
