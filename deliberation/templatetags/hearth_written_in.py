"""The language a contribution is written in, as pages show it (deliberation.languages):
``lang="{{ message.language|written_in_tag }}"`` on its text, and
``{% written_in_marker message.language %}``, the language's own name beside it where it is
not the page's language."""

from django import template

from deliberation.languages import current_language, written_in

register = template.Library()


@register.filter
def written_in_tag(code: str) -> str:
    """The BCP 47 tag of a contribution's language, for ``lang``: "en-gb" -> "en-GB"."""
    return written_in(code).tag


@register.inclusion_tag("deliberation/_written_in.html")
def written_in_marker(code: str, always: bool = False) -> dict[str, object]:
    """The language's own name ("Cymraeg"), marked as written in it, where it differs
    from the language of the page (or ``always``, for a label such as a theme's)."""
    return {"language": written_in(code), "shown": always or code != current_language()}
