"""``{{ moment|datetime_attribute }}``: a moment as a ``<time datetime>`` value HTML accepts.

Django's ``date:"c"`` keeps microseconds, and HTML allows at most three digits of a second
(a "valid global date and time string"), so every page with one was invalid HTML."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attribute(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()
