"""The board report of a consultation: page, CSV, JSON, and asking for a new run.

Routes of :class:`cms.models.ConsultationPage` (``report/`` and friends). cms composes the
page and calls down into the analysis app, whose services and :mod:`analysis.reports` do
the work; the analysis app knows nothing of consultations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from analysis.models import AnalysisRun
from analysis.participation import AreaMix
from analysis.reports import build_report, report_csv, report_json
from analysis.rules import can
from analysis.selectors import analysis_latest, analysis_latest_good
from analysis.services import analysis_run_request
from cms.services import consultation_discussion

if TYPE_CHECKING:
    from cms.models import ConsultationPage


def area_mix(page: ConsultationPage) -> AreaMix | None:
    """The area's mix of relationships to care the officer gave, for the report to
    reweight to, or ``None`` when they gave none."""
    shares = page.area_mix()
    return None if shares is None else AreaMix(shares=shares, source=page.area_mix_source)


def _report(page: ConsultationPage, request: HttpRequest) -> dict[str, Any] | None:
    if page.discussion_thread_id is None:
        return None
    good = analysis_latest_good(page.discussion_thread_id)
    if good is None:
        return None
    return build_report(
        good,
        see_small=can(request.user, "analysis.see_small_groups", page),
        area=area_mix(page),
    )


def run_progress_text(run: AnalysisRun) -> str:
    """What the report says of a run under way; the page and its status JSON say the same.
    The run keeps what it is doing in English (analysis.services), said here in the reader's
    language."""
    doing = _(run.progress_message) if run.progress_message else ""
    return _("The analysis is running: %(progress)s%% done — %(doing)s.") % {
        "progress": run.progress,
        "doing": doing,
    }


def report_page(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    base_url = page.get_url(request=request) or ""
    privileged = can(request.user, "analysis.request_run", page)
    report = None
    latest = None
    if page.discussion_thread_id is not None:
        latest = analysis_latest(page.discussion_thread_id)
        good = analysis_latest_good(page.discussion_thread_id)
        if good is not None:
            report = build_report(good, see_small=privileged, area=area_mix(page))
    context = {
        "page": page,
        "report": report,
        "latest": latest,
        "may_run": privileged,
        "report_url": base_url + page.reverse_subpage("report"),
        "csv_url": base_url + page.reverse_subpage("report_csv"),
        "json_url": base_url + page.reverse_subpage("report_json"),
        "run_url": base_url + page.reverse_subpage("report_run"),
        "status_url": base_url + page.reverse_subpage("report_status"),
        "run_progress_text": run_progress_text(latest) if latest is not None else "",
        "consultation_url": base_url,
    }
    return render(request, "analysis/report.html", context)


def report_csv_download(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    report = _report(page, request)
    if report is None:
        return HttpResponse(_("There is no analysis yet."), status=404, content_type="text/plain")
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-report.csv"'
    return response


def report_json_download(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    report = _report(page, request)
    if report is None:
        return JsonResponse({"detail": _("There is no analysis yet.")}, status=404)
    response = JsonResponse(report_json(report), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-report.json"'
    return response


def report_run(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    """Ask for a new run (POST); the page then shows its progress."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not can(request.user, "analysis.request_run", page):
        return render(request, "403.html", status=403)
    thread = consultation_discussion(consultation=page)
    analysis_run_request(thread=thread, by=request.user, consultation=page)
    return redirect((page.get_url(request=request) or "") + page.reverse_subpage("report"))


def report_run_status(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    """The latest run's progress as JSON, for the report page to poll while a run is under
    way. Served, as the report is, to whoever may see the consultation's page (Wagtail's
    view restrictions are checked before any of the page's routes)."""
    thread_id = page.discussion_thread_id
    latest = analysis_latest(thread_id) if thread_id is not None else None
    if latest is None:
        body: dict[str, Any] = {
            "status": None,
            "active": False,
            "progress": 0,
            "message": "",
            "text": "",
        }
    else:
        body = {
            "status": latest.status,
            "active": latest.is_active,
            "progress": latest.progress,
            "message": latest.progress_message,
            "text": run_progress_text(latest) if latest.is_active else "",
        }
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response
