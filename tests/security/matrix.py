# ruff: noqa: E501 - a table reads best with one row a line
"""Who gets what: every URL pattern, Wagtail page route, WebSocket route and client frame
type, by role and object state, with the answer each person should get.

Read a row as a table line. The eight answers are for these roles, in this order:

    anonymous  participant  co-author  facilitator  officer  other-officer  board  staff

* ``participant``: signed in, a member of the threads, author of their messages,
  suggestion and comments; ``co-author``: of every proposal; ``facilitator``: of every
  thread; ``officer``: of the council that runs the consultations; ``other-officer``: of
  another council; ``board``: member of the consultations' reform board; ``staff``: a CMS
  editor. Both officers use the content admin through Wagtail's Editors and Moderators
  groups without being staff, so the other rows show what an officer membership gives.
* States: ``draft`` (a proposal only its authors see; an unpublished consultation),
  ``published`` (an open proposal, consultation and thread), ``with_board``, ``decided``,
  ``closed`` (a closed proposal, consultation or thread), ``private`` (a members-only
  thread), ``hidden`` (a message or comment hidden by a moderator), ``paused`` (a thread a
  facilitator paused), ``ended`` (the discussion of a consultation whose closing time
  passed after people had taken part), ``other_organisation`` (another council's
  consultation and organisation page, answered by another reform board, with a proposal
  before that board).
* HTTP answers: a status code, ``login`` (a redirect to a sign-in page), ``denied`` (the
  content admin's refusal: back to its home page, saying so) or ``302`` (any other
  redirect). Frame answers: ``ok`` (a normal reply, or none), ``err:<code>`` (an
  ``error`` frame with that code); connect answers: ``ok`` or ``refused``.

``url`` and ``data`` use ``{placeholders}`` filled from tests/security/world.py for the
row's state. The tests fail if a pattern, page route or frame type has no row, if a row
names one that no longer exists, or if a route that reaches an object has no row for one
of the object's states in ``STATES_TO_COVER``.
"""

from dataclasses import dataclass, field
from typing import Any

ROLE_ORDER = (
    "anonymous",
    "participant",
    "co_author",
    "facilitator",
    "officer",
    "other_officer",
    "board",
    "staff",
)


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    state: str
    url: str
    answers: str
    data: dict[str, Any] = field(default_factory=dict)
    form: str | None = None  # a placeholder holding a whole form's data, sent with ``data``

    def expected(self) -> dict[str, str]:
        tokens = self.answers.split()
        assert len(tokens) == len(ROLE_ORDER), f"{self.route}: give eight answers"
        return dict(zip(ROLE_ORDER, tokens, strict=True))


def get(route: str, state: str, url: str, answers: str) -> Row:
    return Row(route, "GET", state, url, answers)


def post(route: str, state: str, url: str, answers: str, **data: Any) -> Row:
    return Row(route, "POST", state, url, answers, data)


def post_form(route: str, state: str, url: str, answers: str, form: str, **data: Any) -> Row:
    """A POST of a form too big to write out (the admin's page editor): the world keeps
    its data under the placeholder ``form``."""
    return Row(route, "POST", state, url, answers, data, form)


# Every route that reaches one of these objects (named by the placeholder in its URL) has a
# row for each of these states, whatever its other rows: a closed or paused thread, a
# closed proposal (its suggestions and comments too), a closed consultation and another
# council's, and another council's pages in the content admin.
STATES_TO_COVER: dict[str, frozenset[str]] = {
    "thread": frozenset({"closed", "paused"}),
    **dict.fromkeys(
        ("proposal", "proposal_slug", "proposal_url", "suggestion", "comment"),
        frozenset({"closed"}),
    ),
    **dict.fromkeys(
        ("consultation", "consultation_slug"), frozenset({"closed", "other_organisation"})
    ),
    **dict.fromkeys(("consultation_id", "organisation_page_id"), frozenset({"other_organisation"})),
}

ALL_200 = "200 200 200 200 200 200 200 200"
SIGNED_IN_200 = "login 200 200 200 200 200 200 200"
ALL_404 = "404 404 404 404 404 404 404 404"
ALL_405 = "405 405 405 405 405 405 405 405"
AUTHORS_ONLY = "404 404 200 404 404 404 404 200"

# fmt: off
HTTP_ROWS: tuple[Row, ...] = (
    # ---- accounts -------------------------------------------------------------------
    #                                                                              anon  part  co    fac   off   oth   board staff
    # Signed-in people are sent on from the sign-up and sign-in pages.
    get("account/sign-up/", "published", "/account/sign-up/",                      "200  302   302   302   302   302   302   302"),
    get("account/sign-in/", "published", "/account/sign-in/",                      "200  302   302   302   302   302   302   302"),
    get("account/sign-out/", "published", "/account/sign-out/",                    "405  405   405   405   405   405   405   405"),
    post("account/sign-out/", "published", "/account/sign-out/",                   "302  302   302   302   302   302   302   302"),
    get("account/signed-out/", "published", "/account/signed-out/",                ALL_200),
    get("you/", "published", "/you/",                                              SIGNED_IN_200),
    get("account/details/", "published", "/account/details/",                      SIGNED_IN_200),
    get("account/notifications/", "published", "/account/notifications/",          SIGNED_IN_200),
    get("account/password/", "published", "/account/password/",                    SIGNED_IN_200),
    get("account/password-reset/", "published", "/account/password-reset/",        ALL_200),
    get("account/password-reset/sent/", "published", "/account/password-reset/sent/", ALL_200),
    get("account/password-reset/<uidb64>/<token>/", "published", "/account/password-reset/MQ/bad-token/", ALL_200),
    get("account/password-reset/complete/", "published", "/account/password-reset/complete/", ALL_200),
    # Language: anyone may choose one (a cookie, and on the account when signed in).
    get("account/language/<str:code>/", "published", "/account/language/cy/?next=/",  "302  302   302   302   302   302   302   302"),
    post("account/language/<str:code>/", "published", "/account/language/cy/",       ALL_405),
    # Reading preference: anyone may choose easy read first (a cookie when signed out).
    get("account/easy-read/", "published", "/account/easy-read/",                  ALL_405),
    post("account/easy-read/", "published", "/account/easy-read/",                 "302  302   302   302   302   302   302   302", easy_read_first="yes", next="/"),
    get("account/your-data/", "published", "/account/your-data/",                  SIGNED_IN_200),
    get("account/erase/", "published", "/account/erase/",                          SIGNED_IN_200),
    get("account/erased/", "published", "/account/erased/",                        ALL_200),
    # Support to take part: a consent is seen and changed only by its two people
    # (participant is the person, co-author the supporter asked to accept). Officers and
    # staff record consent given in person (a thread facilitator is not an organisation's).
    get("account/support/", "published", "/account/support/",                      SIGNED_IN_200),
    post("account/support/<int:consent_id>/accept/", "published", "/account/support/{consent}/accept/", "login 302 302 404 404 404 404 404"),
    post("account/support/<int:consent_id>/withdraw/", "published", "/account/support/{consent}/withdraw/", "login 302 302 404 404 404 404 404"),
    get("account/support/record/", "published", "/account/support/record/",        "login 403 403 403 200 200 403 200"),
    get("account/support/on-my-behalf/", "published", "/account/support/on-my-behalf/", SIGNED_IN_200),
    post("account/support/on-my-behalf/withdraw/", "published", "/account/support/on-my-behalf/withdraw/", "login 302 302 302 302 302 302 302", kind="message", id="0"),
    get("search/", "published", "/search/?query=respite",                          ALL_200),
    get("jsi18n/", "published", "/cy/jsi18n/",                                        ALL_200),
    # ---- threads ------------------------------------------------------------------------
    get("threads/", "published", "/threads/",                                      ALL_200),
    get("threads/<int:thread_id>/", "published", "/threads/{thread}/",             ALL_200),
    get("threads/<int:thread_id>/", "closed", "/threads/{thread}/",                ALL_200),
    get("threads/<int:thread_id>/", "private", "/threads/{thread}/",               "404  200   404   200   404   404   404   200"),
    post("threads/<int:thread_id>/", "published", "/threads/{thread}/",            "login 302  302   302   302   302   302   302", body="A new point"),
    post("threads/<int:thread_id>/", "closed", "/threads/{thread}/",               "login 400  400   302   400   400   400   302", body="A new point"),
    post("threads/<int:thread_id>/", "private", "/threads/{thread}/",              "404  302   404   302   404   404   404   302", body="A new point"),
    post("threads/<int:thread_id>/statements/", "published", "/threads/{thread}/statements/", "login 302 302 302 302 302  302   302", text="Respite should be free"),
    post("threads/<int:thread_id>/statements/", "closed", "/threads/{thread}/statements/", "login 400 400 400 400 400   400   400", text="Respite should be free"),
    post("threads/<int:thread_id>/statements/", "private", "/threads/{thread}/statements/", "login 302 404 302 404 404  404   302", text="Respite should be free"),
    # Voting one statement at a time, and every statement a page at a time.
    get("threads/<int:thread_id>/vote/", "published", "/threads/{thread}/vote/",   SIGNED_IN_200),
    get("threads/<int:thread_id>/vote/", "closed", "/threads/{thread}/vote/",      SIGNED_IN_200),
    get("threads/<int:thread_id>/vote/", "private", "/threads/{thread}/vote/",     "login 200 404 200 404 404 404 200"),
    post("threads/<int:thread_id>/vote/", "published", "/threads/{thread}/vote/",  "login 302 302 302 302 302 302 302", skip="1"),
    post("threads/<int:thread_id>/vote/", "private", "/threads/{thread}/vote/",    "login 302 404 302 404 404 404 302", skip="1"),
    get("threads/<int:thread_id>/statements/", "published", "/threads/{thread}/statements/", ALL_200),
    get("threads/<int:thread_id>/statements/", "closed", "/threads/{thread}/statements/", ALL_200),
    get("threads/<int:thread_id>/statements/", "private", "/threads/{thread}/statements/", "404  200   404   200   404   404   404   200"),
    post("threads/<int:thread_id>/statements/<int:statement_id>/vote/", "published", "/threads/{thread}/statements/{statement}/vote/", "login 302 302 302 302 302 302 302", value="1"),
    post("threads/<int:thread_id>/statements/<int:statement_id>/vote/", "closed", "/threads/{thread}/statements/{statement}/vote/", "login 400 400 400 400 400 400 400", value="1"),
    post("threads/<int:thread_id>/statements/<int:statement_id>/vote/", "private", "/threads/{thread}/statements/{statement}/vote/", "login 302 404 302 404 404 404 302", value="1"),
    get("threads/<int:thread_id>/messages/<int:message_id>/edit/", "published", "/threads/{thread}/messages/{message}/edit/", "login 200 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/edit/", "hidden", "/threads/{thread}/messages/{message}/edit/", "login 404 404 403 404 404 404 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/edit/", "private", "/threads/{thread}/messages/{message}/edit/", "login 200 404 403 404 404 404 403"),
    post("threads/<int:thread_id>/messages/<int:message_id>/edit/", "published", "/threads/{thread}/messages/{message}/edit/", "login 302 403 403 403 403 403 403", body="Changed"),
    get("threads/<int:thread_id>/messages/<int:message_id>/delete/", "published", "/threads/{thread}/messages/{message}/delete/", "login 200 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/delete/", "hidden", "/threads/{thread}/messages/{message}/delete/", "login 404 404 403 404 404 404 403"),
    post("threads/<int:thread_id>/messages/<int:message_id>/delete/", "published", "/threads/{thread}/messages/{message}/delete/", "login 302 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/report/", "published", "/threads/{thread}/messages/{message}/report/", SIGNED_IN_200),
    get("threads/<int:thread_id>/messages/<int:message_id>/report/", "hidden", "/threads/{thread}/messages/{message}/report/", "login 404 404 200 404 404 404 200"),
    get("threads/<int:thread_id>/messages/<int:message_id>/report/", "private", "/threads/{thread}/messages/{message}/report/", "login 200 404 200 404 404 404 200"),
    post("threads/<int:thread_id>/messages/<int:message_id>/report/", "published", "/threads/{thread}/messages/{message}/report/", "login 302 302 302 302 302 302 302", reason="It is unkind"),
    get("threads/<int:thread_id>/polls/<int:poll_id>/", "published", "/threads/{thread}/polls/{poll}/", ALL_200),
    get("threads/<int:thread_id>/polls/<int:poll_id>/", "private", "/threads/{thread}/polls/{poll}/", "404 200 404 200 404 404 404 200"),
    post("threads/<int:thread_id>/polls/<int:poll_id>/", "published", "/threads/{thread}/polls/{poll}/", "login 302 302 302 302 302 302 302", choice="{option}"),
    post("threads/<int:thread_id>/polls/<int:poll_id>/", "closed", "/threads/{thread}/polls/{poll}/", "login 400 400 400 400 400 400 400", choice="{option}"),
    # A facilitator's pause (facilitators may still post, to explain), and a consultation
    # whose closing time has passed (nobody writes).
    get("threads/<int:thread_id>/", "paused", "/threads/{thread}/",                ALL_200),
    get("threads/<int:thread_id>/", "ended", "/threads/{thread}/",                 ALL_200),
    post("threads/<int:thread_id>/", "paused", "/threads/{thread}/",               "login 400  400   302   400   400   400   302", body="A new point"),
    post("threads/<int:thread_id>/", "ended", "/threads/{thread}/",                "login 400  400   400   400   400   400   400", body="A new point"),
    post("threads/<int:thread_id>/statements/", "paused", "/threads/{thread}/statements/", "login 400 400 400 400 400 400 400", text="Respite should be free"),
    post("threads/<int:thread_id>/statements/", "ended", "/threads/{thread}/statements/", "login 400 400 400 400 400 400 400", text="Respite should be free"),
    get("threads/<int:thread_id>/vote/", "paused", "/threads/{thread}/vote/",      SIGNED_IN_200),
    get("threads/<int:thread_id>/vote/", "ended", "/threads/{thread}/vote/",       SIGNED_IN_200),
    post("threads/<int:thread_id>/vote/", "closed", "/threads/{thread}/vote/",     "login 302 302 302 302 302 302 302", skip="1"),
    post("threads/<int:thread_id>/vote/", "paused", "/threads/{thread}/vote/",     "login 302 302 302 302 302 302 302", skip="1"),
    post("threads/<int:thread_id>/vote/", "ended", "/threads/{thread}/vote/",      "login 302 302 302 302 302 302 302", skip="1"),
    get("threads/<int:thread_id>/statements/", "paused", "/threads/{thread}/statements/", ALL_200),
    get("threads/<int:thread_id>/statements/", "ended", "/threads/{thread}/statements/", ALL_200),
    post("threads/<int:thread_id>/statements/<int:statement_id>/vote/", "paused", "/threads/{thread}/statements/{statement}/vote/", "login 400 400 400 400 400 400 400", value="1"),
    post("threads/<int:thread_id>/statements/<int:statement_id>/vote/", "ended", "/threads/{thread}/statements/{statement}/vote/", "login 400 400 400 400 400 400 400", value="1"),
    post("threads/<int:thread_id>/polls/<int:poll_id>/", "paused", "/threads/{thread}/polls/{poll}/", "login 400 400 400 400 400 400 400", choice="{option}"),
    post("threads/<int:thread_id>/polls/<int:poll_id>/", "ended", "/threads/{thread}/polls/{poll}/", "login 400 400 400 400 400 400 400", choice="{option}"),
    post("threads/<int:thread_id>/moderation/", "paused", "/threads/{thread}/moderation/", "login 404 404 302 404 404 404 302", action="resume", reason=""),
    get("threads/<int:thread_id>/moderation/", "published", "/threads/{thread}/moderation/", "login 404 404 200 404 404 404 200"),
    post("threads/<int:thread_id>/moderation/", "published", "/threads/{thread}/moderation/", "login 404 404 302 404 404 404 302", action="slow_mode", seconds="0"),
    get("threads/<int:thread_id>/moderation/", "private", "/threads/{thread}/moderation/", "login 404 404 200 404 404 404 200"),
    # A participant's own place in the latest analysis: anyone signed in who may see the thread.
    get("threads/<int:thread_id>/where-you-stand/", "published", "/threads/{thread}/where-you-stand/", SIGNED_IN_200),
    get("threads/<int:thread_id>/where-you-stand/", "closed", "/threads/{thread}/where-you-stand/", SIGNED_IN_200),
    get("threads/<int:thread_id>/where-you-stand/", "paused", "/threads/{thread}/where-you-stand/", SIGNED_IN_200),
    get("threads/<int:thread_id>/where-you-stand/", "private", "/threads/{thread}/where-you-stand/", "login 200 404 200 404 404 404 200"),
    # Closed and paused threads, on the routes above: an author can no longer change their
    # message (400, said on the form) but can still delete it; anyone can still report
    # one; facilitators still moderate.
    get("threads/<int:thread_id>/messages/<int:message_id>/edit/", "closed", "/threads/{thread}/messages/{message}/edit/", "login 200 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/edit/", "paused", "/threads/{thread}/messages/{message}/edit/", "login 200 403 403 403 403 403 403"),
    post("threads/<int:thread_id>/messages/<int:message_id>/edit/", "closed", "/threads/{thread}/messages/{message}/edit/", "login 400 403 403 403 403 403 403", body="Changed"),
    post("threads/<int:thread_id>/messages/<int:message_id>/edit/", "paused", "/threads/{thread}/messages/{message}/edit/", "login 400 403 403 403 403 403 403", body="Changed"),
    get("threads/<int:thread_id>/messages/<int:message_id>/delete/", "closed", "/threads/{thread}/messages/{message}/delete/", "login 200 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/delete/", "paused", "/threads/{thread}/messages/{message}/delete/", "login 200 403 403 403 403 403 403"),
    post("threads/<int:thread_id>/messages/<int:message_id>/delete/", "closed", "/threads/{thread}/messages/{message}/delete/", "login 302 403 403 403 403 403 403"),
    post("threads/<int:thread_id>/messages/<int:message_id>/delete/", "paused", "/threads/{thread}/messages/{message}/delete/", "login 302 403 403 403 403 403 403"),
    get("threads/<int:thread_id>/messages/<int:message_id>/report/", "closed", "/threads/{thread}/messages/{message}/report/", "login 200 200 200 200 200 200 200"),
    get("threads/<int:thread_id>/messages/<int:message_id>/report/", "paused", "/threads/{thread}/messages/{message}/report/", "login 200 200 200 200 200 200 200"),
    post("threads/<int:thread_id>/messages/<int:message_id>/report/", "closed", "/threads/{thread}/messages/{message}/report/", "login 302 302 302 302 302 302 302", reason="It is unkind"),
    post("threads/<int:thread_id>/messages/<int:message_id>/report/", "paused", "/threads/{thread}/messages/{message}/report/", "login 302 302 302 302 302 302 302", reason="It is unkind"),
    get("threads/<int:thread_id>/polls/<int:poll_id>/", "closed", "/threads/{thread}/polls/{poll}/", ALL_200),
    get("threads/<int:thread_id>/polls/<int:poll_id>/", "paused", "/threads/{thread}/polls/{poll}/", ALL_200),
    get("threads/<int:thread_id>/moderation/", "closed", "/threads/{thread}/moderation/", "login 404 404 200 404 404 404 200"),
    get("threads/<int:thread_id>/moderation/", "paused", "/threads/{thread}/moderation/", "login 404 404 200 404 404 404 200"),
    post("threads/<int:thread_id>/moderation/", "closed", "/threads/{thread}/moderation/", "login 404 404 302 404 404 404 302", action="slow_mode", seconds="0"),
    # ---- proposals: Hearth's co-writing pages --------------------------------------------
    get("write/new/", "published", "/write/new/",                                   SIGNED_IN_200),
    get("write/<int:pk>/", "draft", "/write/{proposal}/",                           AUTHORS_ONLY),
    get("write/<int:pk>/", "published", "/write/{proposal}/",                       ALL_200),
    get("write/<int:pk>/", "closed", "/write/{proposal}/",                          ALL_200),
    get("write/<int:pk>/section/<slug:section>/", "draft", "/write/{proposal}/section/problem/", "login 404 200 404 404 404 404 200"),
    get("write/<int:pk>/section/<slug:section>/", "published", "/write/{proposal}/section/problem/", "login 403 200 403 403 403 403 200"),
    get("write/<int:pk>/section/<slug:section>/", "with_board", "/write/{proposal}/section/problem/", "login 403 403 403 403 403 403 403"),
    post("write/<int:pk>/section/<slug:section>/", "draft", "/write/{proposal}/section/problem/", "login 404 200 404 404 404 404 200", text=""),
    get("write/<int:pk>/suggest/<slug:section>/", "draft", "/write/{proposal}/suggest/problem/", "login 404 403 404 404 404 404 403"),
    get("write/<int:pk>/suggest/<slug:section>/", "published", "/write/{proposal}/suggest/problem/", SIGNED_IN_200),
    get("write/<int:pk>/suggest/<slug:section>/", "closed", "/write/{proposal}/suggest/problem/", "login 403 403 403 403 403 403 403"),
    get("write/<int:pk>/comments/<slug:section>/", "draft", "/write/{proposal}/comments/problem/", AUTHORS_ONLY),
    get("write/<int:pk>/comments/<slug:section>/", "published", "/write/{proposal}/comments/problem/", ALL_200),
    post("write/<int:pk>/comments/<slug:section>/", "published", "/write/{proposal}/comments/problem/", "login 302 302 302 302 302 302 302", body="I agree"),
    post("write/<int:pk>/comments/<slug:section>/", "closed", "/write/{proposal}/comments/problem/", "login 403 403 403 403 403 403 403", body="I agree"),
    get("write/<int:pk>/history/", "draft", "/write/{proposal}/history/",            AUTHORS_ONLY),
    get("write/<int:pk>/history/", "published", "/write/{proposal}/history/",        ALL_200),
    get("write/<int:pk>/discussion/", "draft", "/write/{proposal}/discussion/",      "404 404 302 404 404 404 404 302"),
    get("write/<int:pk>/discussion/", "published", "/write/{proposal}/discussion/",  "302 302 302 302 302 302 302 302"),
    get("write/<int:pk>/compare/", "draft", "/write/{proposal}/compare/",            "404 404 302 404 404 404 404 302"),
    get("write/<int:pk>/compare/", "published", "/write/{proposal}/compare/",        "302 302 302 302 302 302 302 302"),
    post("write/<int:pk>/co-authors/", "draft", "/write/{proposal}/co-authors/",     "login 404 403 404 404 404 404 302", display_name="Pat participant"),
    post("write/<int:pk>/co-authors/", "published", "/write/{proposal}/co-authors/", "login 403 403 403 403 403 403 302", display_name="Pat participant"),
    post("write/<int:pk>/stage/", "draft", "/write/{proposal}/stage/",               "login 404 403 404 404 404 404 302", to="open"),
    post("write/<int:pk>/stage/", "published", "/write/{proposal}/stage/",           "login 403 403 403 403 403 302 302", to="next"),
    get("write/<int:pk>/decide/", "with_board", "/write/{proposal}/decide/",         "login 403 403 403 403 403 200 200"),
    get("write/<int:pk>/decide/", "published", "/write/{proposal}/decide/",          "login 403 403 403 403 403 403 403"),
    get("write/<int:pk>/decide/", "draft", "/write/{proposal}/decide/",              "login 404 403 404 404 404 404 403"),
    get("write/<int:pk>/commitments/", "decided", "/write/{proposal}/commitments/",  "login 403 403 403 403 403 200 200"),
    get("write/<int:pk>/commitments/", "published", "/write/{proposal}/commitments/", "login 403 403 403 403 403 403 403"),
    get("write/<int:pk>/decision/easy-read/", "decided", "/write/{proposal}/decision/easy-read/", "login 403 403 403 403 403 200 200"),
    get("write/<int:pk>/decision/translate/<slug:language>/", "decided", "/write/{proposal}/decision/translate/cy/", "login 403 403 403 403 403 200 200"),
    get("write/commitments/<int:commitment_id>/progress/", "decided", "/write/commitments/{commitment}/progress/", "login 403 403 403 403 403 200 200"),
    get("write/suggestions/<int:suggestion_id>/", "published", "/write/suggestions/{suggestion}/", ALL_200),
    post("write/suggestions/<int:suggestion_id>/", "published", "/write/suggestions/{suggestion}/", "login 403 302 403 403 403 403 302", decision="accept"),
    post("write/comments/<int:comment_id>/flag/", "published", "/write/comments/{comment}/flag/", "login 302 302 302 302 302 302 302", reason="Unkind"),
    post("write/comments/<int:comment_id>/hide/", "published", "/write/comments/{comment}/hide/", "login 403 403 403 403 403 403 302", reason="Unkind"),
    post("write/comments/<int:comment_id>/hide/", "hidden", "/write/comments/{comment}/hide/", "login 403 403 403 403 403 403 302", reason="Unkind"),
    # A closed proposal, on every route that reaches it: readable by all, changed by none.
    get("write/<int:pk>/section/<slug:section>/", "closed", "/write/{proposal}/section/problem/", "login 403 403 403 403 403 403 403"),
    post("write/<int:pk>/section/<slug:section>/", "closed", "/write/{proposal}/section/problem/", "login 403 403 403 403 403 403 403", text=""),
    post("write/<int:pk>/suggest/<slug:section>/", "closed", "/write/{proposal}/suggest/problem/", "login 403 403 403 403 403 403 403", text="Shorter", reason="Clearer"),
    get("write/<int:pk>/comments/<slug:section>/", "closed", "/write/{proposal}/comments/problem/", ALL_200),
    get("write/<int:pk>/history/", "closed", "/write/{proposal}/history/",         ALL_200),
    get("write/<int:pk>/discussion/", "closed", "/write/{proposal}/discussion/",   "302 302 302 302 302 302 302 302"),
    get("write/<int:pk>/compare/", "closed", "/write/{proposal}/compare/",         "302 302 302 302 302 302 302 302"),
    post("write/<int:pk>/co-authors/", "closed", "/write/{proposal}/co-authors/",  "login 403 403 403 403 403 403 403", display_name="Pat participant"),
    # Refused back to the proposal's page, saying why: nothing follows "closed".
    post("write/<int:pk>/stage/", "closed", "/write/{proposal}/stage/",            "login 302 302 302 302 302 302 302", to="next"),
    get("write/<int:pk>/decide/", "closed", "/write/{proposal}/decide/",           "login 403 403 403 403 403 403 403"),
    get("write/<int:pk>/commitments/", "closed", "/write/{proposal}/commitments/", "login 403 403 403 403 403 200 200"),
    get("write/<int:pk>/decision/easy-read/", "closed", "/write/{proposal}/decision/easy-read/", "login 403 403 403 403 403 200 200"),
    get("write/<int:pk>/decision/translate/<slug:language>/", "closed", "/write/{proposal}/decision/translate/cy/", "login 403 403 403 403 403 200 200"),
    get("write/suggestions/<int:suggestion_id>/", "closed", "/write/suggestions/{suggestion}/", ALL_200),
    post("write/suggestions/<int:suggestion_id>/", "closed", "/write/suggestions/{suggestion}/", "login 403 403 403 403 403 403 403", decision="accept"),
    post("write/comments/<int:comment_id>/flag/", "closed", "/write/comments/{comment}/flag/", "login 302 302 302 302 302 302 302", reason="Unkind"),
    post("write/comments/<int:comment_id>/hide/", "closed", "/write/comments/{comment}/hide/", "login 403 403 403 403 403 403 302", reason="Unkind"),
    # A proposal before another reform board: that board decides it, not every board.
    get("write/<int:pk>/decide/", "other_organisation", "/write/{proposal}/decide/", "login 403 403 403 403 403 403 200"),
    # ---- public accountability and open data ---------------------------------------------
    get("decisions/", "published", "/decisions/",                                   ALL_200),
    get("open-data/", "published", "/open-data/",                                   ALL_200),
    get("open-data/consultations/<slug:slug>/<str:dataset>.csv", "published", "/open-data/consultations/{consultation_slug}/messages.csv", ALL_200),
    get("open-data/consultations/<slug:slug>/<str:dataset>.csv", "draft", "/open-data/consultations/{consultation_slug}/messages.csv", ALL_404),
    get("open-data/consultations/<slug:slug>/<str:dataset>.csv", "closed", "/open-data/consultations/{consultation_slug}/messages.csv", ALL_200),
    get("open-data/consultations/<slug:slug>/<str:dataset>.csv", "other_organisation", "/open-data/consultations/{consultation_slug}/messages.csv", ALL_200),
    get("api/v1/consultations/", "published", "/api/v1/consultations/",             ALL_200),
    get("api/v1/consultations/<slug:slug>/", "published", "/api/v1/consultations/{consultation_slug}/", ALL_200),
    get("api/v1/consultations/<slug:slug>/", "draft", "/api/v1/consultations/{consultation_slug}/", ALL_404),
    get("api/v1/consultations/<slug:slug>/", "closed", "/api/v1/consultations/{consultation_slug}/", ALL_200),
    get("api/v1/consultations/<slug:slug>/", "other_organisation", "/api/v1/consultations/{consultation_slug}/", ALL_200),
    get("api/v1/proposals/", "published", "/api/v1/proposals/",                     ALL_200),
    get("api/v1/proposals/<slug:slug>/", "published", "/api/v1/proposals/{proposal_slug}/", ALL_200),
    get("api/v1/proposals/<slug:slug>/", "draft", "/api/v1/proposals/{proposal_slug}/", ALL_404),
    get("api/v1/proposals/<slug:slug>/", "closed", "/api/v1/proposals/{proposal_slug}/", ALL_200),
    get("api/v1/decisions/", "published", "/api/v1/decisions/",                     ALL_200),
    get("api/v1/openapi.json", "published", "/api/v1/openapi.json",                 ALL_200),
    # ---- Wagtail: documents, private-page helpers, the page tree -------------------------
    get("documents/^(\\d+)/(.*)$", "published", "/documents/{document}/{document_name}", ALL_200),
    get("documents/authenticate_with_password/<int:restriction_id>/", "published", "/documents/authenticate_with_password/999999/", ALL_404),
    get("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "published", "/_util/authenticate_with_password/999999/3/", ALL_404),
    get("_util/login/", "published", "/_util/login/",                                "login login login login login login login login"),
    get("^((?:[\\w\\-]+/)*)$", "published", "/no-such-page/",                       ALL_404),
    # The content admin as a whole: for editors (staff, and officers through Wagtail's groups).
    get("admin/", "published", "/admin/",                                           "login login login login 200 200 login 200"),
    get("admin/", "published", "/admin/pages/",                                     "login login login login 200 200 login 200"),
    # Managing accounts is for superusers: editors and officers are refused.
    get("admin/", "published", "/admin/users/",                                     "login login login login denied denied login denied"),
    # A proposal belongs to no organisation: every editor edits it, officers included.
    get("admin/", "draft", "/admin/pages/{proposal}/edit/",                         "login login login login 200 200 login 200"),
    get("admin/", "closed", "/admin/pages/{proposal}/edit/",                        "login login login login 200 200 login 200"),
    # Organisations apart (cms/page_permissions.py): a consultation or an organisation's page
    # is changed only by its own organisation's officers and by editors who are nobody's
    # officer. Another organisation's officer is refused by every view, reading its drafts
    # and history included. "published" is the officer's council's; "other_organisation"
    # the other officer's.
    get("admin/", "published", "/admin/pages/{consultation_id}/edit/",              "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/edit/",     "login login login login denied 200 login 200"),
    post_form("admin/", "published", "/admin/pages/{consultation_id}/edit/",        "login login login login 302 denied login 302", "consultation_form", **{"action-publish": "action-publish"}),
    post_form("admin/", "other_organisation", "/admin/pages/{consultation_id}/edit/", "login login login login denied 302 login 302", "consultation_form", **{"action-publish": "action-publish"}),
    get("admin/", "published", "/admin/pages/{consultation_id}/edit/preview/",      "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/edit/preview/", "login login login login denied 200 login 200"),
    get("admin/", "published", "/admin/pages/{consultation_id}/history/",           "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/history/",  "login login login login denied 200 login 200"),
    get("admin/", "published", "/admin/pages/{consultation_id}/delete/",            "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/delete/",   "login login login login denied 200 login 200"),
    post("admin/", "published", "/admin/pages/{consultation_id}/delete/",           "login login login login 302 denied login 302"),
    post("admin/", "other_organisation", "/admin/pages/{consultation_id}/delete/",  "login login login login denied 302 login 302"),
    get("admin/", "published", "/admin/pages/{consultation_id}/unpublish/",         "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/unpublish/", "login login login login denied 200 login 200"),
    post("admin/", "published", "/admin/pages/{consultation_id}/unpublish/",        "login login login login 302 denied login 302"),
    post("admin/", "other_organisation", "/admin/pages/{consultation_id}/unpublish/", "login login login login denied 302 login 302"),
    get("admin/", "published", "/admin/pages/{consultation_id}/copy/",              "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/copy/",     "login login login login denied 200 login 200"),
    get("admin/", "published", "/admin/pages/{consultation_id}/move/",              "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/move/",     "login login login login denied 200 login 200"),
    post("admin/", "published", "/admin/pages/{consultation_id}/lock/",             "login login login login 302 denied login 302"),
    post("admin/", "other_organisation", "/admin/pages/{consultation_id}/lock/",    "login login login login denied 302 login 302"),
    get("admin/", "published", "/admin/pages/{consultation_id}/privacy/",           "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{consultation_id}/privacy/",  "login login login login denied 200 login 200"),
    get("admin/", "published", "/admin/pages/{organisation_page_id}/edit/",         "login login login login 200 denied login 200"),
    get("admin/", "other_organisation", "/admin/pages/{organisation_page_id}/edit/", "login login login login denied 200 login 200"),
    # Organisations and memberships are set up by site administrators (none here), and
    # only they may search the accounts.
    get("admin/", "published", "/admin/snippets/accounts/membership/add/",          "login login login login denied denied login denied"),
    get("admin/", "published", "/admin/people/choose/?q=Pat",                       "login login login login denied denied login denied"),
    # ---- page types (served by Wagtail's catch-all) and their sub-routes -----------------
    get("page:HomePage", "published", "/",                                          ALL_200),
    get("page:StandardPage", "published", "{standard_page}",                        ALL_200),
    get("page:AccessibilityStatementPage", "published", "{accessibility_page}",     ALL_200),
    get("page:PrivacyNoticePage", "published", "{privacy_page}",                    ALL_200),
    get("page:ProposalIndexPage", "published", "/proposals/",                       ALL_200),
    get("page:OrganisationPage", "published", "{organisation_page}",                ALL_200),
    get("page:ConsultationIndexPage", "published", "/consultations/",               ALL_200),
    get("page:ProposalPage", "published", "{proposal_url}",                         ALL_200),
    get("page:ProposalPage", "draft", "/proposals/a-draft-about-respite/",          ALL_404),
    get("page:ProposalPage", "closed", "{proposal_url}",                            ALL_200),
    get("page:ConsultationPage", "published", "{consultation}",                    ALL_200),
    get("page:ConsultationPage", "closed", "{consultation}",                       ALL_200),
    get("page:ConsultationPage", "draft", "/consultations/unpublished-consultation/", ALL_404),
    get("page:ConsultationPage gunning/", "published", "{consultation}gunning/",    ALL_200),
    get("page:ConsultationPage gunning/", "draft", "/consultations/unpublished-consultation/gunning/", ALL_404),
    get("page:ConsultationPage gunning/csv/", "published", "{consultation}gunning/csv/", ALL_200),
    get("page:ConsultationPage you-said-we-did/", "closed", "{consultation}you-said-we-did/", ALL_200),
    get("page:ConsultationPage report/", "published", "{consultation}report/",      ALL_200),
    get("page:ConsultationPage report/csv/", "published", "{consultation}report/csv/", ALL_404),
    get("page:ConsultationPage report/json/", "published", "{consultation}report/json/", ALL_404),
    get("page:ConsultationPage report/run/", "published", "{consultation}report/run/", ALL_405),
    post("page:ConsultationPage report/run/", "published", "{consultation}report/run/", "403 403 403 403 302 403 302 302"),
    get("page:ConsultationPage report/status/", "published", "{consultation}report/status/", ALL_200),
    get("page:ConsultationPage report/status/", "draft", "/consultations/unpublished-consultation/report/status/", ALL_404),
    get("page:ConsultationPage discussion/", "published", "{consultation}discussion/", "302 302 302 302 302 302 302 302"),
    get("page:ConsultationPage discussion/", "draft", "/consultations/unpublished-consultation/discussion/", ALL_404),
    # A closed consultation, and another council's, on every route of the page. Another
    # council's report is run by its own officers (other-officer here) and staff, not by
    # this council's officer nor by a board that does not answer for it.
    get("page:ConsultationPage", "other_organisation", "{consultation}", ALL_200),
    get("page:ConsultationPage gunning/", "closed", "{consultation}gunning/", ALL_200),
    get("page:ConsultationPage gunning/", "other_organisation", "{consultation}gunning/", ALL_200),
    get("page:ConsultationPage gunning/csv/", "closed", "{consultation}gunning/csv/", ALL_200),
    get("page:ConsultationPage gunning/csv/", "other_organisation", "{consultation}gunning/csv/", ALL_200),
    get("page:ConsultationPage you-said-we-did/", "other_organisation", "{consultation}you-said-we-did/", ALL_200),
    get("page:ConsultationPage report/", "closed", "{consultation}report/", ALL_200),
    get("page:ConsultationPage report/", "other_organisation", "{consultation}report/", ALL_200),
    get("page:ConsultationPage report/csv/", "closed", "{consultation}report/csv/", ALL_404),
    get("page:ConsultationPage report/csv/", "other_organisation", "{consultation}report/csv/", ALL_404),
    get("page:ConsultationPage report/json/", "closed", "{consultation}report/json/", ALL_404),
    get("page:ConsultationPage report/json/", "other_organisation", "{consultation}report/json/", ALL_404),
    get("page:ConsultationPage report/run/", "closed", "{consultation}report/run/", ALL_405),
    get("page:ConsultationPage report/run/", "other_organisation", "{consultation}report/run/", ALL_405),
    post("page:ConsultationPage report/run/", "closed", "{consultation}report/run/", "403 403 403 403 302 403 302 302"),
    post("page:ConsultationPage report/run/", "other_organisation", "{consultation}report/run/", "403 403 403 403 403 302 403 302"),
    get("page:ConsultationPage report/status/", "closed", "{consultation}report/status/", ALL_200),
    get("page:ConsultationPage report/status/", "other_organisation", "{consultation}report/status/", ALL_200),
    get("page:ConsultationPage discussion/", "closed", "{consultation}discussion/", "302 302 302 302 302 302 302 302"),
    get("page:ConsultationPage discussion/", "other_organisation", "{consultation}discussion/", "302 302 302 302 302 302 302 302"),
)

# ---- WebSocket routes and client frames (DESIGN.md §5.3, proposals/live.py) -------------


@dataclass(frozen=True)
class SocketRow:
    route: str
    state: str
    url: str
    answers: str
    frame: dict[str, Any] | None = None  # None: only the handshake is checked

    @property
    def frame_type(self) -> str | None:
        return None if self.frame is None else str(self.frame["type"])

    def expected(self) -> dict[str, str]:
        return Row(self.route, "WS", self.state, self.url, self.answers).expected()


THREAD = "ws/threads/<int:thread_id>/"
PROPOSAL = "ws/proposals/<int:proposal_id>/"
PING = "ws/ping/"
REFUSED_ALL = "refused refused refused refused refused refused refused refused"
F = "err:forbidden"
C = "err:closed"
P = "err:paused"
SOCKET_ROWS: tuple[SocketRow, ...] = (
    #                                                            anon     part     co       fac      off      oth      board    staff
    SocketRow(THREAD, "published", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok"),
    SocketRow(THREAD, "private", "/ws/threads/{thread}/", "refused ok refused ok refused refused refused ok"),
    SocketRow(THREAD, "published", "/ws/threads/{thread}/", f"{F} ok ok ok ok ok ok ok", {"type": "post", "body": "Hello", "reply_to": None, "client_id": "c1"}),
    SocketRow(THREAD, "closed", "/ws/threads/{thread}/", f"{F} {C} {C} ok {C} {C} {C} ok", {"type": "post", "body": "Hello", "reply_to": None, "client_id": "c1"}),
    SocketRow(THREAD, "paused", "/ws/threads/{thread}/", f"{F} {P} {P} ok {P} {P} {P} ok", {"type": "post", "body": "Hello", "reply_to": None, "client_id": "c1"}),
    SocketRow(THREAD, "ended", "/ws/threads/{thread}/", f"{F} {C} {C} {C} {C} {C} {C} {C}", {"type": "post", "body": "Hello", "reply_to": None, "client_id": "c1"}),
    SocketRow(THREAD, "published", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok", {"type": "resume", "after": 0}),
    SocketRow(THREAD, "private", "/ws/threads/{thread}/", "refused ok refused ok refused refused refused ok", {"type": "resume", "after": 0}),
    SocketRow(THREAD, "published", "/ws/threads/{thread}/", f"{F} ok ok ok ok ok ok ok", {"type": "vote", "statement": "{statement}", "value": 1}),
    SocketRow(THREAD, "closed", "/ws/threads/{thread}/", f"{F} {C} {C} {C} {C} {C} {C} {C}", {"type": "vote", "statement": "{statement}", "value": 1}),
    SocketRow(THREAD, "paused", "/ws/threads/{thread}/", f"{F} {P} {P} {P} {P} {P} {P} {P}", {"type": "vote", "statement": "{statement}", "value": 1}),
    SocketRow(THREAD, "ended", "/ws/threads/{thread}/", f"{F} {C} {C} {C} {C} {C} {C} {C}", {"type": "vote", "statement": "{statement}", "value": 1}),
    # A closed or paused thread is still read live, and its history resumed.
    SocketRow(THREAD, "closed", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok"),
    SocketRow(THREAD, "paused", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok"),
    SocketRow(THREAD, "closed", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok", {"type": "resume", "after": 0}),
    SocketRow(THREAD, "paused", "/ws/threads/{thread}/", "ok ok ok ok ok ok ok ok", {"type": "resume", "after": 0}),
    SocketRow(PROPOSAL, "draft", "/ws/proposals/{proposal}/", "refused refused ok refused refused refused refused ok"),
    SocketRow(PROPOSAL, "published", "/ws/proposals/{proposal}/", "refused refused ok refused refused refused refused ok"),
    SocketRow(PROPOSAL, "with_board", "/ws/proposals/{proposal}/", REFUSED_ALL),
    SocketRow(PROPOSAL, "published", "/ws/proposals/{proposal}/", "refused refused ok refused refused refused refused ok", {"type": "editing", "section": "problem"}),
    # Nobody co-writes a closed proposal.
    SocketRow(PROPOSAL, "closed", "/ws/proposals/{proposal}/", REFUSED_ALL),
    SocketRow(PROPOSAL, "closed", "/ws/proposals/{proposal}/", REFUSED_ALL, {"type": "editing", "section": "problem"}),
    SocketRow(PING, "published", "/ws/ping/", "refused ok ok ok ok ok ok ok"),
    SocketRow(PING, "published", "/ws/ping/", "refused ok ok ok ok ok ok ok", {"type": "ping"}),
)
# fmt: on
