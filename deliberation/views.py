"""Pages for threads: every action works as a plain form (post, redirect, get); the
socket only adds live updates on top."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import add_on_behalf_field, on_behalf_of
from accounts.models import SupportArea
from accounts.support import people_supported_by
from common.errors import ServiceError, http_status
from common.forms import add_service_errors
from deliberation import selectors, voting
from deliberation.errors import CLOSED, FORBIDDEN, INVALID_FRAME, PAUSED
from deliberation.events import thread_topic
from deliberation.forms import (
    MessageForm,
    PollAnswerForm,
    PollCreateForm,
    ReasonForm,
    SlowModeForm,
    StatementForm,
)
from deliberation.lifecycle import NOTICE_TITLE_ID, Activity
from deliberation.models import (
    Message,
    Poll,
    ResultsShown,
    Statement,
    StatementStatus,
    Thread,
)
from deliberation.realtime.presence import presence_count
from deliberation.rules import (
    allowed_writes,
    can_view,
    can_write,
    current_state,
    is_facilitator,
    is_message_author,
)
from deliberation.services import (
    flags_dismiss,
    message_delete,
    message_edit,
    message_flag,
    message_hide,
    message_post,
    person_remove,
    poll_answer,
    poll_create,
    slow_mode_set,
    statement_moderate,
    statement_submit,
    thread_mark_seen,
    thread_pause,
    thread_resume,
)
from deliberation.services.messages import EDIT_WINDOW


def thread_or_404(request: HttpRequest, thread_id: int) -> Thread:
    try:
        return selectors.thread_for(request.user, thread_id)
    except ServiceError as error:
        # A thread one may not see looks the same as one that does not exist.
        raise Http404(error.detail) from None


def thread_list(request: HttpRequest) -> HttpResponse:
    threads = [t for t in Thread.objects.order_by("-created")[:100] if can_view(request.user, t)]
    return render(request, "deliberation/thread_list.html", {"threads": threads})


@require_http_methods(["GET", "POST"])
def thread_page(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    message_form = MessageForm(
        request.POST if request.method == "POST" else None,
        initial={"reply_to": request.GET.get("reply_to")},
    )
    add_on_behalf_field(message_form, user=request.user, area=SupportArea.DISCUSSIONS)
    status = 200
    errors = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
        if message_form.is_valid():
            try:
                message = message_post(
                    user=request.user,
                    thread=thread,
                    body=message_form.cleaned_data["body"],
                    reply_to_id=message_form.cleaned_data["reply_to"],
                    on_behalf_of=on_behalf_of(request),
                    language=message_form.cleaned_data["language"],
                )
            except ServiceError as error:
                errors = refused_by_lifecycle(error)
                if errors is None:
                    add_service_errors(message_form, error, "body")
                status = http_status(error)
            else:
                messages.success(request, _("Your message has been posted."))
                return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
        else:
            status = 400
    return render(
        request,
        "deliberation/thread.html",
        _thread_context(request, thread, message_form, errors=errors),
        status=status,
    )


def refused_by_lifecycle(error: ServiceError) -> list[tuple[str, str]] | None:
    """A write the discussion's lifecycle refused: its form is gone from the page, so the
    error summary points to the notice that says why."""
    if error.code in (CLOSED, PAUSED):
        return [(f"#{NOTICE_TITLE_ID}", error.detail)]
    return None


def _message_id(request: HttpRequest, name: str) -> int | None:
    """A message id from the query string (``before``, ``after``), or 404 for nonsense:
    a link to a page of messages that cannot exist."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise Http404(f"There is no page of messages {name} {raw!r}.")
    return int(raw)


def _thread_context(
    request: HttpRequest,
    thread: Thread,
    message_form: MessageForm | None = None,
    statement_form: StatementForm | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """What the thread page shows: a window of its messages (the latest, or a page
    further back), how many are new since this person's last visit, and the statements
    as a summary with the way to vote. A fixed number of queries whatever its size."""
    user = request.user
    window = selectors.message_window(
        thread, before=_message_id(request, "before"), after=_message_id(request, "after")
    )
    latest = selectors.latest_message_id(thread)
    new = selectors.Unread(count=0, first_id=None)
    if user.is_authenticated:
        last_seen = selectors.last_seen(thread, user)
        if last_seen:
            new = selectors.unread(thread, user, last_seen)
        if request.method == "GET" and window.is_latest:
            thread_mark_seen(thread=thread, user=user, last_message_id=latest)
    now = timezone.now()
    facilitator = is_facilitator(user, thread)
    if message_form is None:
        message_form = MessageForm()
        add_on_behalf_field(message_form, user=user, area=SupportArea.DISCUSSIONS)
    reply_to = message_form.initial.get("reply_to")
    shown_ids = {m.pk for m in window.messages}
    return {
        "thread": thread,
        "window": window,
        "thread_messages": window.messages,
        "latest_id": latest,
        "new_count": new.count,
        "first_new_id": new.first_id,
        "first_new_shown": new.first_id in shown_ids,
        "message_form": message_form,
        "supported_people": people_supported_by(user, SupportArea.DISCUSSIONS),
        "statement_form": statement_form or StatementForm(),
        "replying_to": _replying_to(thread, reply_to),
        "progress": voting.progress(thread, user) if user.is_authenticated else None,
        "statement_count": voting.accepted_statements(thread).count(),
        "my_statements": list(
            thread.statements.filter(author=user).exclude(status=StatementStatus.ACCEPTED)
        )
        if user.is_authenticated
        else [],
        "polls": list(thread.polls.all()),
        "now": now,
        "edit_after": now - EDIT_WINDOW,
        "can_write": can_write(user, thread),
        "discussion": current_state(thread),
        "may": allowed_writes(user, thread),
        "is_facilitator": facilitator,
        "presence": presence_count(topic=thread_topic(thread.pk)),
        "errors": errors or [],
    }


def _replying_to(thread: Thread, reply_to: Any) -> Message | None:
    if not str(reply_to or "").isdigit():
        return None
    return selectors.visible_messages(thread).select_related("author").filter(pk=reply_to).first()


@login_required
@require_POST
def statement_new(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    form = StatementForm(request.POST)
    statement = None
    errors = None
    status = 400
    if form.is_valid():  # else its own checks (a null character, say) name the problem
        try:
            statement = statement_submit(
                user=request.user,
                thread=thread,
                text=form.cleaned_data["text"],
                language=form.cleaned_data["statement_language"],
            )
        except ServiceError as error:
            errors = refused_by_lifecycle(error)
            if errors is None:
                add_service_errors(form, error, "text")
            status = http_status(error)
    if statement is None:
        context = _thread_context(request, thread, statement_form=form)
        context["errors"] = errors or [("#id_text", e) for e in form.errors.get("text", [])]
        return render(request, "deliberation/thread.html", context, status=status)
    if statement.status == StatementStatus.ACCEPTED:
        messages.success(request, _("Your statement is ready for people to vote on."))
    else:
        messages.success(request, _("Thank you. A facilitator will check your statement soon."))
    return redirect(f"{thread.get_absolute_url()}#statements")


def _message(request: HttpRequest, thread: Thread, message_id: int) -> Message:
    """The message; a hidden or deleted one only for facilitators, who see why it went.
    Its text is kept for them, so nobody else may reach it through these pages."""
    message = get_object_or_404(
        Message.objects.select_related("author", "thread"), pk=message_id, thread=thread
    )
    if not message.is_visible and not is_facilitator(request.user, thread):
        raise Http404("No such message")
    return message


def _own_message(request: HttpRequest, thread: Thread, message_id: int) -> Message:
    message = _message(request, thread, message_id)
    if not is_message_author(request.user, message):
        raise PermissionDenied("Only the person who wrote a message can change or delete it.")
    return message


@login_required
@require_http_methods(["GET", "POST"])
def message_change(request: HttpRequest, thread_id: int, message_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    message = _own_message(request, thread, message_id)
    form = MessageForm(
        request.POST if request.method == "POST" else None, initial={"body": message.body}
    )
    del form.fields["language"]  # a change keeps the language the message was written in
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            message_edit(user=request.user, message=message, body=form.cleaned_data["body"])
        except ServiceError as error:
            add_service_errors(form, error, "body")
            status = http_status(error)
        else:
            messages.success(request, _("Your message has been changed."))
            return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
    return render(
        request,
        "deliberation/message_change.html",
        {"thread": thread, "message": message, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_remove(request: HttpRequest, thread_id: int, message_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    message = _own_message(request, thread, message_id)
    if request.method == "POST":
        try:
            message_delete(user=request.user, message=message)
        except ServiceError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("Your message has been deleted."))
        return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
    return render(
        request, "deliberation/message_delete.html", {"thread": thread, "message": message}
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request: HttpRequest, thread_id: int, message_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    message = _message(request, thread, message_id)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = _("Why should a facilitator look at this message?")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            message_flag(user=request.user, message=message, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            add_service_errors(form, error, "reason")
            status = http_status(error)
        else:
            messages.success(request, _("Thank you. A facilitator will look at this message."))
            return redirect(f"{thread.get_absolute_url()}#message-{message.pk}")
    return render(
        request,
        "deliberation/message_report.html",
        {"thread": thread, "message": message, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def poll_page(request: HttpRequest, thread_id: int, poll_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    poll = get_object_or_404(Poll.objects.prefetch_related("options"), pk=poll_id, thread=thread)
    form = PollAnswerForm(poll, request.POST if request.method == "POST" else None)
    add_on_behalf_field(form, user=request.user, area=SupportArea.DISCUSSIONS)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
        if form.is_valid():
            try:
                poll_answer(
                    user=request.user,
                    poll=poll,
                    ranking=form.ranking(),
                    on_behalf_of=on_behalf_of(request),
                )
            except ServiceError as error:
                add_service_errors(form, error, next(iter(form.fields)))
                status = http_status(error)
            else:
                messages.success(
                    request,
                    _("Your answer has been saved. You can change it until the poll closes."),
                )
                return redirect(request.path)
        else:
            status = 400
    elif request.user.is_authenticated:
        mine = selectors.my_poll_choices(poll, request.user)
        if mine:
            ordered = sorted(mine.items(), key=lambda item: item[1] or 0)
            form = PollAnswerForm(
                poll,
                initial={
                    "choice": [str(o) for o, _ in ordered]
                    if poll.kind == "multiple"
                    else str(ordered[0][0]),
                    **{f"place_{o}": str(r) for o, r in mine.items() if r},
                },
            )
            add_on_behalf_field(form, user=request.user, area=SupportArea.DISCUSSIONS)
    facilitator = is_facilitator(request.user, thread)
    results = (
        selectors.poll_results(poll)
        if selectors.poll_results_visible(poll, request.user, facilitator=facilitator)
        else None
    )
    return render(
        request,
        "deliberation/poll.html",
        {
            "thread": thread,
            "poll": poll,
            "form": form,
            "results": results,
            "is_open": selectors.poll_is_open(poll),
            "is_closed": selectors.poll_is_closed(poll),
            # Results everyone sees while it is open arrive live as answers come in.
            "live_results": poll.results_shown == ResultsShown.LIVE
            and selectors.poll_is_open(poll),
            "discussion": current_state(thread),
            "may_answer": allowed_writes(request.user, thread)[Activity.ANSWER_POLL],
            "can_write": can_write(request.user, thread),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(request, thread_id)
    if not is_facilitator(request.user, thread):
        raise Http404("Only facilitators can moderate this thread.")
    slow_form = SlowModeForm(initial={"seconds": thread.slow_mode_seconds})
    poll_form = PollCreateForm()
    if request.method == "POST":
        response = _moderate(request, thread)
        if isinstance(response, HttpResponse):
            return response
        slow_form, poll_form = response
    User = get_user_model()
    people = (
        User.objects.filter(thread_messages__thread=thread)
        .exclude(thread_memberships__thread=thread, thread_memberships__removed_at__isnull=False)
        .distinct()
        .order_by("display_name")
    )
    return render(
        request,
        "deliberation/moderation.html",
        {
            "thread": thread,
            "pending": list(
                thread.statements.filter(status=StatementStatus.PENDING).select_related("author")
            ),
            "flagged": selectors.reported_messages(thread),
            "people": [p for p in people if p.pk != request.user.pk and not p.is_staff],
            "removed": list(thread.members.filter(removed_at__isnull=False).select_related("user")),
            "log": list(thread.moderation_log.select_related("actor", "person")[:100]),
            "slow_form": slow_form,
            "poll_form": poll_form,
        },
    )


def _moderate(
    request: HttpRequest, thread: Thread
) -> HttpResponse | tuple[SlowModeForm, PollCreateForm]:
    action = request.POST.get("action", "")
    reason_form = ReasonForm(request.POST)  # checked: no null characters, not too long
    reason = reason_form.cleaned_data["reason"] if reason_form.is_valid() else None
    slow_form = SlowModeForm(initial={"seconds": thread.slow_mode_seconds})
    poll_form = PollCreateForm()
    try:
        if reason is None:
            raise ServiceError(INVALID_FRAME, " ".join(map(str, reason_form.errors["reason"])))
        if action in {"hide", "keep"}:
            message = _message(request, thread, int(request.POST.get("message", 0)))
            if action == "hide":
                message_hide(actor=request.user, message=message, reason=reason)
                messages.success(request, _("The message is hidden. People can see why."))
            else:
                flags_dismiss(actor=request.user, message=message, reason=reason)
                messages.success(request, _("The message stays as it is."))
        elif action in {"accept", "reject"}:
            statement = get_object_or_404(
                Statement, pk=int(request.POST.get("statement", 0)), thread=thread
            )
            statement_moderate(
                actor=request.user, statement=statement, accept=action == "accept", reason=reason
            )
            messages.success(
                request,
                _("Statement accepted.") if action == "accept" else _("Statement not accepted."),
            )
        elif action == "remove":
            person = get_object_or_404(get_user_model(), pk=int(request.POST.get("person", 0)))
            person_remove(actor=request.user, thread=thread, person=person, reason=reason)
            messages.success(
                request,
                _("%(name)s has been removed from this thread.") % {"name": person.display_name},
            )
        elif action == "slow_mode":
            slow_form = SlowModeForm(request.POST)
            if not slow_form.is_valid():
                return slow_form, poll_form
            slow_mode_set(
                actor=request.user, thread=thread, seconds=slow_form.cleaned_data["seconds"]
            )
            messages.success(request, _("Slow mode has been changed."))
        elif action == "pause":
            thread_pause(actor=request.user, thread=thread, reason=reason)
            messages.success(request, _("Posting and voting are paused. Everyone can see why."))
        elif action == "resume":
            thread_resume(actor=request.user, thread=thread, reason=reason)
            messages.success(request, _("People can post and vote again."))
        elif action == "poll":
            poll_form = PollCreateForm(request.POST)
            if not poll_form.is_valid():
                return slow_form, poll_form
            data = poll_form.cleaned_data
            poll_create(
                actor=request.user,
                thread=thread,
                question=data["question"],
                kind=data["kind"],
                options=data["options"].splitlines(),
                closes_at=timezone.now() + timedelta(days=data["days_open"]),
                results_shown=data["results_shown"],
            )
            messages.success(request, _("The poll is open."))
        else:
            raise ServiceError(FORBIDDEN, _("That is not something this page can do."))
    except (ServiceError, ValueError) as error:
        detail = (
            error.detail if isinstance(error, ServiceError) else _("That request was not complete.")
        )
        messages.error(request, detail)
    return redirect(reverse("deliberation:moderation", args=[thread.pk]))
