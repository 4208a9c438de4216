"""The safe subset of Markdown people write in: paragraphs, emphasis, links and lists.

markdown-it-py parses CommonMark with raw HTML switched off and only these rules
enabled; nh3 then cleans the output against an allow-list, so even a parser bug cannot
let a script, an event handler or a ``javascript:`` link through.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("zero", {"html": False, "breaks": True}).enable(
    ["emphasis", "link", "list", "newline", "escape", "entity", "autolink"]
)


def render_markdown(source: str) -> str:
    """Sanitised HTML for ``source``; safe to insert into a page as it is."""
    html = _parser.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    ).strip()
