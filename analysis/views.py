"""Pages of the analysis that a participant reads about themselves."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from analysis.standing import where_you_stand as standing_of
from common.errors import ServiceError
from deliberation.selectors import thread_for


@login_required
def where_you_stand(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The signed-in person's place in the latest analysis of a thread they may see."""
    try:
        thread = thread_for(request.user, thread_id)
    except ServiceError as error:
        # A thread one may not see looks the same as one that does not exist.
        raise Http404(error.detail) from None
    standing = standing_of(thread=thread, user=request.user)
    return render(
        request, "analysis/where_you_stand.html", {"thread": thread, "standing": standing}
    )
