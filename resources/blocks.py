"""Blocks of the knowledge base: the ordered steps of a good practice."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    text = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("How to do it"),
    )

    class Meta:
        icon = "list-ol"
        template = "resources/blocks/step_block.html"
        preview_value = {
            "title": "Agree the working rules at the first meeting",
            "text": "<p>Meeting cadence, duration and the confidentiality rule.</p>",
        }
        label = _("Step")


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        template = "resources/blocks/steps_block.html"
