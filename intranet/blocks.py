"""Shared StreamField blocks used by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        preview_value = {"text": "Working rules", "level": "h2"}
        label = _("Heading")


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph_block.html"
        preview_value = (
            "<p>Members meet every quarter for two hours and agree the next "
            "meeting's topics, guests and venue before they leave.</p>"
        )
        label = _("Paragraph")
        features = ["bold", "italic", "link", "document-link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        preview_value = {
            "quote": "The diversity of the leadership group is its strength.",
            "attribution": "Member of a learning and leadership group",
        }
        label = _("Quote")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"
        preview_value = {"alt_text": "", "caption": "A plenary meeting"}
        label = _("Image")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(label=_("Page"))
    button_text = blocks.CharBlock(label=_("Button text"))

    class Meta:
        icon = "link"
        template = "components/blocks/call_to_action_block.html"
        preview_value = {
            "title": "Join a community",
            "text": "Institutions apply with a letter to the coordination group.",
            "button_text": "Read how to apply",
        }
        label = _("Call to action")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        template = "components/blocks/stream_block.html"
