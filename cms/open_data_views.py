"""Open data views: thin. Each parses the request, calls cms.open_data and answers.

The API's methods, CORS, caching and ETags are :func:`cms.open_data_http.read_only_api`'s.
"""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cms import open_data
from cms.open_data_http import read_only_api


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


@require_GET
def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cms/open_data.html",
        {
            "datasets": list(open_data.DATASETS.values()),
            "consultations": open_data.published_consultations(),
            "licence": open_data.LICENCE,
            "licence_url": open_data.LICENCE_URL,
        },
    )


@require_GET
def consultation_csv(request: HttpRequest, slug: str, dataset: str) -> StreamingHttpResponse:
    consultation = open_data.published_consultation(slug)
    chosen = open_data.DATASETS.get(dataset)
    if consultation is None or chosen is None:
        raise Http404("No published consultation has this dataset")
    response = StreamingHttpResponse(
        _csv_lines(open_data.dataset_rows(consultation, chosen)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{dataset}.csv"'
    return response


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _list(request: HttpRequest, items: Any, describe: Callable[[Any], Any]) -> JsonResponse:
    """One page of ``items`` (``?page=``), each as ``describe`` gives it, in the envelope
    every list of the API shares."""
    page = open_data.paginate(items, request.GET.get("page"))
    return _json(open_data.page_envelope(page, [describe(item) for item in page]))


@read_only_api
def consultation_list(request: HttpRequest) -> JsonResponse:
    consultations = open_data.published_consultations().select_related("organisation")
    return _list(request, consultations, lambda c: open_data.consultation_summary(c, request))


@read_only_api
def consultation_detail(request: HttpRequest, slug: str) -> JsonResponse:
    consultation = open_data.published_consultation(slug)
    if consultation is None:
        raise Http404("No published consultation has this slug")
    return _json(open_data.consultation_detail(consultation, request))


@read_only_api
def proposal_list(request: HttpRequest) -> JsonResponse:
    proposals = open_data.published_proposals()
    return _list(request, proposals, lambda p: open_data.proposal_summary(p, request))


@read_only_api
def proposal_detail(request: HttpRequest, slug: str) -> JsonResponse:
    proposal = open_data.published_proposal(slug)
    if proposal is None:
        raise Http404("No published proposal has this slug")
    return _json(open_data.proposal_detail(proposal, request))


@read_only_api
def decision_list(request: HttpRequest) -> JsonResponse:
    return _list(request, open_data.published_decisions(), open_data.decision_item)


@read_only_api
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(open_data.OPENAPI)
