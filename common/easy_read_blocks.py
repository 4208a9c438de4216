"""Easy read as StreamField blocks: a picture beside one short sentence, one idea at a time.
Shared by every page type that offers an easy-read version (cms pages, proposals)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class EasyReadBlock(blocks.StructBlock):
    """One idea in easy read: a picture beside one short sentence."""

    picture = ImageBlock(help_text=_("A picture that shows the idea"))
    sentence = blocks.CharBlock(
        max_length=120, help_text=_("One short sentence, with one idea, in everyday words")
    )

    class Meta:
        icon = "image"
        label = _("Easy read: picture and sentence")
        template = "blocks/easy_read.html"


class EasyReadStreamBlock(blocks.StreamBlock):
    """An easy-read version: one idea at a time, each a picture beside a sentence."""

    easy_read = EasyReadBlock()
