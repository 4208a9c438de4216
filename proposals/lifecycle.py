"""What each stage of a proposal's life allows, declared in one place.

draft → open for deliberation → with the board → decided → in delivery → closed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from deliberation.lifecycle import EVERYTHING, NOTHING, TALK, Activity, Governance, Phase


class Stage(models.TextChoices):
    # Translators: the stages of a proposal, shown as its status ("Proposal · Decided") and,
    # in lower case, in "‘Title’ is open for discussion".
    DRAFT = "draft", _("Draft")
    # Translators: a proposal's stage (it is open), not the button that opens it.
    OPEN = "open", _("Open for discussion")
    WITH_BOARD = "with_board", _("With the board")
    # Translators: a proposal's stage: the board has decided on it.
    DECIDED = "decided", _("Decided")
    IN_DELIVERY = "in_delivery", _("In delivery")
    # Translators: a proposal's stage: finished, nothing more can be added.
    CLOSED = "closed", _("Closed")


# Descriptions for readers of this code and of the rules matrix; not shown to people.
class Action(models.TextChoices):
    EDIT = "edit", "co-authors change the text"
    SUGGEST = "suggest", "participants suggest changes"
    COMMENT = "comment", "participants comment on sections"
    REVIEW_SUGGESTIONS = "review_suggestions", "co-authors accept or decline suggestions"
    DECIDE = "decide", "the board records its decision"
    # With the board, only a recorded decision moves a proposal on, never the plain button.
    ADVANCE = "advance", "staff or the board move it to the next stage"


ALLOWED: dict[Stage, frozenset[Action]] = {
    Stage.DRAFT: frozenset({Action.EDIT, Action.COMMENT, Action.REVIEW_SUGGESTIONS}),
    Stage.OPEN: frozenset(
        {Action.EDIT, Action.SUGGEST, Action.COMMENT, Action.REVIEW_SUGGESTIONS, Action.ADVANCE}
    ),
    Stage.WITH_BOARD: frozenset({Action.COMMENT, Action.DECIDE}),
    Stage.DECIDED: frozenset({Action.COMMENT, Action.ADVANCE}),
    Stage.IN_DELIVERY: frozenset({Action.COMMENT, Action.ADVANCE}),
    Stage.CLOSED: frozenset(),
}

# Each stage's next stage; the lead opens a draft, staff move it on after that.
NEXT: dict[Stage, Stage] = {
    Stage.DRAFT: Stage.OPEN,
    Stage.OPEN: Stage.WITH_BOARD,
    Stage.WITH_BOARD: Stage.DECIDED,
    Stage.DECIDED: Stage.IN_DELIVERY,
    Stage.IN_DELIVERY: Stage.CLOSED,
}


def allows(stage: str, action: Action) -> bool:
    return action in ALLOWED[Stage(stage)]


# What each stage allows the proposal's discussion. People talk about a proposal at every
# stage but the last; they vote on its statements and answer its polls while it is open.
# The notices are marked here and translated when asked (proposals.discussion).
DISCUSSION: dict[Stage, Governance] = {
    Stage.DRAFT: Governance(
        Phase.LIMITED,
        TALK | {Activity.SUGGEST_STATEMENT},
        gettext_noop(
            "This proposal is a draft: you can discuss it and suggest statements. "
            "Voting starts when it opens for discussion."
        ),
    ),
    Stage.OPEN: Governance(Phase.OPEN, EVERYTHING),
    Stage.WITH_BOARD: Governance(
        Phase.LIMITED,
        TALK,
        gettext_noop(
            "This proposal is with the board. You can still discuss it; voting has ended."
        ),
    ),
    Stage.DECIDED: Governance(
        Phase.LIMITED,
        TALK,
        gettext_noop(
            "The board has decided on this proposal. You can still discuss it; voting has ended."
        ),
    ),
    Stage.IN_DELIVERY: Governance(
        Phase.LIMITED,
        TALK,
        gettext_noop(
            "This proposal is being put into practice. You can still discuss it; voting has ended."
        ),
    ),
    Stage.CLOSED: Governance(
        Phase.CLOSED,
        NOTHING,
        gettext_noop(
            "This proposal is closed. You can read everything here; you can no longer post or vote."
        ),
    ),
}
