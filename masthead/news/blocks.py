"""The blocks an article body is made of. Every block renders from stored values alone:
nothing here calls the network, so the page costs the same whatever third parties do."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

from masthead.news.video import parse_video_url

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript", "strikethrough", "code"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class PreformattedBlock(blocks.TextBlock):
    """Text whose spacing is part of its meaning (verse, a statement's exact layout, code):
    shown as typed, in a box that scrolls sideways on a phone rather than wrapping."""

    class Meta:
        icon = "code"
        template = "news/blocks/preformatted.html"
        help_text = "Shown exactly as typed: every line break and space kept, in a fixed-width font."


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(help_text="Address of the video on YouTube, Vimeo, Odysee, or Rumble's embed link.")
    caption = blocks.CharBlock(required=False, max_length=500)

    class Meta:
        icon = "media"
        template = "news/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_video_url(value["url"])
        except ValueError as error:
            raise StructBlockValidationError(block_errors={"url": ValidationError(str(error))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            context["video"] = parse_video_url(value["url"])
        except ValueError:
            context["video"] = None  # saved before a provider changed its URLs: show the link
        return context


class ArticleTableBlock(TableBlock):
    """Wagtail's table, with its caption searchable as well as its cells."""

    def get_searchable_content(self, value):
        caption = (value or {}).get("table_caption") or ""
        return [caption, *super().get_searchable_content(value)] if caption else super().get_searchable_content(value)

    class Meta:
        template = "news/blocks/table.html"
        icon = "table"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    heading = blocks.CharBlock(max_length=200, template="news/blocks/heading.html", icon="title")
    image = ImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    # Figures a reader compares (results, casualty counts, budgets): plain-text cells, a
    # header row or column, a caption; scrolls sideways on a phone instead of widening the page.
    table = ArticleTableBlock()
    preformatted = PreformattedBlock()
