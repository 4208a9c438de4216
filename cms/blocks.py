"""StreamField blocks for Hearth's pages, each rendered by its own template in templates/blocks/."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from common.easy_read_blocks import EasyReadBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
        help_text=_("Use section headings in order; a subheading sits under a section heading."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=60, help_text=_("Say what happens, like 'Join the discussion'")
    )
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text=_("Only if the link goes outside Hearth"))

    class Meta:
        icon = "link"
        template = "blocks/call_to_action.html"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        cleaned = super().clean(value)
        if bool(cleaned.get("page")) == bool(cleaned.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": [gettext("Choose a page or enter a web address, but not both.")]
                }
            )
        return cleaned


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/rich_text.html")
    call_to_action = CallToActionBlock()
    easy_read = EasyReadBlock()
