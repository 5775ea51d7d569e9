"""Shared StreamField blocks used by every page type."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import blocks as document_blocks
from wagtail.images import blocks as image_blocks

from .access import current_reader
from .access.admin_gate import may_see
from .access.references import NOT_SEEN, kind_of


class AuthorCheckedChooserMixin:
    """A chooser block that shows its author only what they may see.

    The reference check of the page form (`intranet.access.references`) refuses a
    target the author may not see; this makes an id that leads nowhere say the
    same (Wagtail would drop it silently), and keeps the title of a target the
    author may not see out of the editor (the block's form state is empty, as
    for an empty chooser). The author is the request's reader.
    """

    def value_from_form(self, value):
        found = super().value_from_form(value)
        if found is None and value not in (None, ""):
            return self.model_class(pk=value)  # unsaved: refused by `clean`
        return found

    @cached_property
    def field(self):
        field = super().field
        field.error_messages["invalid_choice"] = NOT_SEEN[kind_of(self.model_class)]
        return field

    def get_form_state(self, value):
        if value is not None and not may_see(current_reader(), value):
            return None
        return super().get_form_state(value)


class PageChooserBlock(AuthorCheckedChooserMixin, blocks.PageChooserBlock):
    pass


class DocumentChooserBlock(
    AuthorCheckedChooserMixin, document_blocks.DocumentChooserBlock
):
    pass


class ImageChooserBlock(AuthorCheckedChooserMixin, image_blocks.ImageChooserBlock):
    pass


# The stored value is Wagtail's own, so migrations name Wagtail's blocks
# (Wagtail reads this mapping of a block's module; a test fences it).
DECONSTRUCT_ALIASES = {
    PageChooserBlock: "wagtail.blocks.PageChooserBlock",
    DocumentChooserBlock: "wagtail.documents.blocks.DocumentChooserBlock",
    ImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock",
}


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
    page = PageChooserBlock(label=_("Page"))
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
