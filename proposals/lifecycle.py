"""What each stage of a proposal's life allows, declared in one place.

draft → open for deliberation → with the board → decided → in delivery → closed.
"""

from django.db import models


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for discussion"
    WITH_BOARD = "with_board", "With the board"
    DECIDED = "decided", "Decided"
    IN_DELIVERY = "in_delivery", "In delivery"
    CLOSED = "closed", "Closed"


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
