"""Helpers for easy read tests: a real image in the Wagtail library, and stream values."""

import json

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection


def picture(title: str = "A carer and a person at home") -> Image:
    # A transactional test's flush empties the root collection its migration made.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Image.objects.create(title=title, file=get_test_image_file())


def easy_read_stream(*ideas: tuple[str, Image, str]) -> str:
    """StreamField JSON for easy read ideas, each (sentence, picture, alt text)."""
    return json.dumps(
        [
            {
                "type": "easy_read",
                "value": {
                    "picture": {"image": image.pk, "alt_text": alt, "decorative": False},
                    "sentence": sentence,
                },
            }
            for sentence, image, alt in ideas
        ]
    )


def before(page: str, first: str, second: str) -> bool:
    """Whether ``first`` appears on the page before ``second`` (both must appear)."""
    assert first in page, first
    assert second in page, second
    return page.index(first) < page.index(second)
