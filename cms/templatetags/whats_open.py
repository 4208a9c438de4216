"""``{% open_now as open %}``: what a person can take part in now (cms.whats_open).

A tag rather than the home page's ``get_context``: cms.whats_open reads the page models,
so the models module cannot import it."""

from django import template

from cms.whats_open import OpenNow, open_now

register = template.Library()


@register.simple_tag(name="open_now")
def open_now_tag() -> OpenNow:
    return open_now()
