"""A WordPress post's content → the blocks of an article body.

Classic content gets WordPress's automatic paragraphs (`wpautop`: a blank line makes a
paragraph, a single newline a `<br>`); block content (`<!-- wp:… -->` comments) does not, as
in WordPress itself. Both then pass through the same splitter: paragraphs and lists become
rich-text paragraphs sanitised with nh3 to exactly what the editor allows
(news/blocks.py RICH_TEXT_FEATURES), headings headings, blockquotes quotes, images image
blocks (when the attachment was copied), YouTube/Vimeo/Rumble/Odysee embeds video blocks.

Shortcodes: `[caption]`, `[embed]`, `[video]`, `[audio]` and `[gallery]` become the matching
blocks, as do bare video URLs on a line of their own; any other shortcode stays in the text
as written and is listed in the report. Nothing is fetched over the network.
"""

import html
import json
import re
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from masthead.news.video import parse_video_url

# The editor's rich-text features (bold, italic, link, ol, ul, superscript, subscript,
# strikethrough) as HTML.
RICH_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "sup", "sub", "s", "del", "strike", "code"}
RICH_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
KNOWN_SHORTCODES = {"caption", "wp_caption", "embed", "video", "audio", "gallery"}

_BLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
           r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
           r"footer|nav|figure|figcaption|details|menu|summary)")
_SHORTCODE = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?=[\s\]/])([^\]]*?)(/?)\](?:(.*?)\[/\2\])?(\]?)", re.S)
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\'|([\w-]+)\s*=\s*([^\s\'"]+)')
_BLOCK_COMMENT = re.compile(r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(\{.*?\}\s+)?(/)?-->", re.S)
_WP_IMAGE_CLASS = re.compile(r"wp-image-(\d+)")


@dataclass
class Conversion:
    blocks: list = field(default_factory=list)  # [(block type, value)]
    unknown_shortcodes: list = field(default_factory=list)
    images_not_copied: list = field(default_factory=list)
    reusable_missing: list = field(default_factory=list)  # refs of reusable blocks not in the export
    media_as_links: list = field(default_factory=list)


def sanitise(fragment: str) -> str:
    """HTML reduced to what the editor's rich text allows, in the editor's own storage form:
    nh3 writes HTML5's `<br>`, which Wagtail's rich-text editor cannot open (it expects the
    `<br/>` it writes itself), so a line break is stored as `<br/>`."""
    cleaned = nh3.clean(fragment, tags=RICH_TAGS, attributes=RICH_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None).strip()
    return re.sub(r"<br\s*/?>", "<br/>", cleaned, flags=re.I)


def plain_text(fragment: str) -> str:
    """Comment HTML → the plain text comments are stored as (paragraphs kept as blank lines,
    a link's address kept after its text; scripts and styles dropped with their content)."""
    fragment = re.sub(r"<a\s[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>",
                      lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})", fragment, flags=re.S | re.I)
    fragment = re.sub(r"<br\s*/?>", "\n", fragment, flags=re.I)
    fragment = re.sub(r"</p>\s*<p[^>]*>", "\n\n", fragment, flags=re.I)
    cleaned = nh3.clean(fragment, tags=set(), attributes={}, clean_content_tags={"script", "style"})
    return html.unescape(cleaned).strip()


def shortcode_attrs(text: str) -> dict:
    attrs = {}
    for match in _ATTR.finditer(text or ""):
        if match.group(1):
            attrs[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            attrs[match.group(3).lower()] = match.group(4)
        else:
            attrs[match.group(5).lower()] = match.group(6)
    return attrs


def _marker(kind: str, value: str, caption: str = "") -> str:
    return f'\n\n<figure data-wp="{kind}" data-value="{html.escape(value)}" data-caption="{html.escape(caption)}"></figure>\n\n'


def expand_shortcodes(text: str, unknown: list) -> str:
    def replace(match):
        if match.group(1) == "[" and match.group(6) == "]":  # [[escaped]] is literal text
            return match.group(0)[1:-1]
        name, raw_attrs, inner = match.group(2).lower(), match.group(3), match.group(5) or ""
        attrs = shortcode_attrs(raw_attrs)
        if name in ("caption", "wp_caption"):
            caption = attrs.get("caption", "")
            image = re.search(r"(<a[^>]*>\s*)?<img[^>]*>(\s*</a>)?", inner, re.S)
            image_html = image.group(0) if image else ""
            if not caption:
                caption = inner.replace(image_html, "").strip() if image else inner.strip()
            return f"\n\n<figure>{image_html}<figcaption>{caption}</figcaption></figure>\n\n"
        if name == "embed":
            return _marker("embed", (inner or attrs.get("src", "")).strip())
        if name in ("video", "audio"):
            src = attrs.get("src") or next((attrs[k] for k in ("mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a") if k in attrs), "") or inner.strip()
            return _marker(name, src)
        if name == "gallery":
            return _marker("gallery", attrs.get("ids", ""))
        unknown.append(name)
        return match.group(0)

    return _SHORTCODE.sub(replace, text)


def _bare_video_urls(text: str) -> str:
    def replace(match):
        url = match.group(1)
        try:
            parse_video_url(url)
        except ValueError:
            return match.group(0)
        return _marker("embed", url)

    return re.sub(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", replace, text, flags=re.M)


def wpautop(text: str) -> str:
    """WordPress's wpautop: blank lines → paragraphs, single newlines → <br />, nothing
    wrapped around block-level elements."""
    if not text.strip():
        return ""
    pre_blocks = {}

    def keep_pre(match):
        key = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[key] = match.group(0)
        return key

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text, flags=re.S | re.I)
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"(<" + _BLOCKS + r"[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(r"(</" + _BLOCKS + r">)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + _BLOCKS + r"[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"(</?" + _BLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    # single newlines inside paragraphs become <br />, except next to block tags
    text = re.sub(r"<(script|style|svg|figure)[^>]*>.*?</\1>", lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"), text, flags=re.S | re.I)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + _BLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, value in pre_blocks.items():
        text = text.replace(key, value)
    return text


# Blocks that only hold other blocks: their inner blocks are converted one by one (an image,
# a video or a reusable block inside a group or a column is that block, not loose HTML).
_CONTAINERS = {"core/group", "core/columns", "core/column", "core/cover", "core/media-text", "core/row", "core/stack"}


class Converter:
    """Turns one item's content into blocks. `image_for(attachment_id, url)` returns the
    imported Image or None; `url_for(attachment_id)` the original URL of an attachment;
    `reusable` the export's reusable blocks (wp_block items, "synced patterns"): id → content."""

    def __init__(self, image_for, url_for=lambda attachment_id: "", reusable=None):
        self.image_for, self.url_for = image_for, url_for
        self.reusable = reusable or {}

    def convert(self, content: str) -> Conversion:
        result = Conversion()
        if _BLOCK_COMMENT.search(content):
            self._blocks(content, result, refs=())
        else:
            text = expand_shortcodes(content, result.unknown_shortcodes)
            text = _bare_video_urls(text)
            self._html(wpautop(text), result)
        return result

    # Gutenberg ---------------------------------------------------------------------------

    def _blocks(self, content, result, refs):
        for name, attrs, inner in _gutenberg_blocks(content):
            self._block(name, attrs, inner, result, refs)

    def _block(self, name, attrs, inner, result, refs=()):
        if name == "core/block":
            # A reusable block is stored once and referenced: its content goes where it is used,
            # as WordPress shows it. One missing from the export is reported, not silently lost.
            ref = str(attrs.get("ref", ""))
            if ref in self.reusable and ref not in refs:
                self._blocks(self.reusable[ref], result, (*refs, ref))
            else:
                result.reusable_missing.append(ref)
            return
        if name in _CONTAINERS and _BLOCK_COMMENT.search(inner):
            self._blocks(inner, result, refs)
            return
        if name in ("core/embed",) or name.startswith("core-embed/") or name == "core/video":
            url = attrs.get("url", "") if name != "core/video" else ""
            if name == "core/video":
                match = re.search(r'src="([^"]+)"', inner)
                url = match.group(1) if match else ""
            caption = _figcaption(inner)
            self._embed(url, caption, result)
            return
        if name == "core/shortcode":
            inner = expand_shortcodes(inner, result.unknown_shortcodes)
        elif name == "core/gallery" and attrs.get("ids"):
            for attachment_id in attrs["ids"]:
                self._image(attachment_id, "", "", result)
            return
        elif name == "core/image" and attrs.get("id"):
            soup = BeautifulSoup(inner, "html.parser")
            img = soup.find("img")
            self._image(attrs["id"], img.get("src", "") if img else "", _figcaption(inner), result)
            return
        else:
            inner = expand_shortcodes(inner, result.unknown_shortcodes)
        self._html(inner, result)

    # HTML --------------------------------------------------------------------------------

    def _html(self, fragment, result):
        soup = BeautifulSoup(fragment, "html.parser")
        pending = []  # inline nodes between block elements make one paragraph

        def flush():
            if pending:
                self._paragraph("".join(str(n) for n in pending), result)
                pending.clear()

        for node in list(soup.children):
            if isinstance(node, NavigableString):
                if type(node) is NavigableString and node.strip():
                    pending.append(html.escape(str(node)))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name.lower()
            if name in ("br",):
                pending.append("<br>")
                continue
            if name in ("a", "b", "strong", "i", "em", "span", "sup", "sub", "s", "del", "strike", "code", "u", "small", "abbr", "cite") and not node.find(["img", "iframe", "figure"]):
                pending.append(str(node))
                continue
            flush()
            self._element(node, name, result)
        flush()

    def _element(self, node, name, result):
        if name in ("script", "style", "hr", "noscript"):
            return
        if name == "figure" and node.get("data-wp"):
            kind, value, caption = node["data-wp"], node.get("data-value", ""), node.get("data-caption", "")
            if kind == "gallery":
                for attachment_id in [v for v in value.split(",") if v.strip()]:
                    self._image(attachment_id.strip(), "", "", result)
            elif kind == "audio":
                result.media_as_links.append(value)
                self._paragraph(f'<a href="{html.escape(value)}">Listen: {html.escape(value)}</a>', result)
            else:
                self._embed(value, caption, result)
            return
        if name == "table" or (name == "figure" and _only_a_table(node)):
            self._table(node, result)
            return
        if re.fullmatch(r"h[1-6]", name):
            text = node.get_text(" ", strip=True)
            if text:
                result.blocks.append(("heading", text[:200]))
            return
        if name == "blockquote":
            cite = node.find("cite")
            attribution = cite.get_text(" ", strip=True) if cite else ""
            if cite:
                cite.extract()
            text = "\n\n".join(p.get_text(" ", strip=True) for p in node.find_all("p")) or node.get_text(" ", strip=True)
            if text:
                result.blocks.append(("quote", {"text": text, "attribution": attribution[:200]}))
            return
        if name in ("ul", "ol"):
            self._paragraph(str(node), result, wrap=False)
            return
        img = node.find("img") if name != "img" else node
        iframe = node.find("iframe") if name != "iframe" else node
        if name in ("figure", "p", "div", "a", "img", "iframe") and (img or iframe) and not _has_text_besides(node, name):
            if iframe is not None:
                self._embed(iframe.get("src", ""), _figcaption(str(node)), result)
            else:
                match = _WP_IMAGE_CLASS.search(" ".join(img.get("class", [])))
                self._image(match.group(1) if match else "", img.get("src", ""), _caption_of(node) or img.get("alt", ""), result)
            return
        if name in ("div", "section", "article", "figure", "aside", "header", "footer", "main", "center", "table", "tbody", "thead", "tr", "td", "th", "dl", "dd", "dt", "details", "summary"):
            self._html(node.decode_contents(), result)
            return
        if name == "p":
            self._paragraph(node.decode_contents(), result)
            return
        if name == "pre":
            text = node.get_text().strip("\n").expandtabs(4)
            if text.strip():
                result.blocks.append(("preformatted", text))
            return
        self._paragraph(str(node), result)

    def _table(self, node, result):
        """A <table> (or Gutenberg's <figure> around one, with its <figcaption>) → a table block:
        cells as plain text (line breaks kept), a column span as empty cells so columns stay
        aligned, a header row or column where WordPress had <th> cells."""
        table = node if node.name == "table" else node.find("table")
        captions = [el for el in (table.find("caption"), node.find("figcaption") if node is not table else None) if el]
        caption = " ".join(el.get_text(" ", strip=True) for el in captions)
        rows, header_cells = [], []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # a table inside a cell: its text is in that cell
            row, heads = [], []
            for cell in tr.find_all(["td", "th"], recursive=False):
                for hidden in cell.find_all(["script", "style"]):
                    hidden.decompose()
                for br in cell.find_all("br"):
                    br.replace_with("\n")
                for block in cell.find_all(["p", "div", "li"]):
                    block.append("\n")
                text = "\n".join(" ".join(line.split()) for line in cell.get_text().split("\n") if line.strip())
                span = min(int(cell.get("colspan", "1")) if str(cell.get("colspan", "1")).isdigit() else 1, 50)
                row += [text] + [""] * (span - 1)
                heads += [cell.name == "th" or cell.find_parent("thead") is not None] * span
            if row:
                rows.append(row)
                header_cells.append(heads)
        if not any(any(cell for cell in row) for row in rows):
            if caption:
                self._paragraph(html.escape(caption), result)
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        first_row_header = len(rows) > 1 and all(header_cells[0])
        first_col_header = len(rows) > 1 and all(heads[:1] == [True] for heads in header_cells[1 if first_row_header else 0:]) and not all(
            all(heads) for heads in header_cells)
        result.blocks.append(("table", {
            "data": rows, "first_row_is_table_header": first_row_header, "first_col_is_header": first_col_header,
            "table_caption": caption[:500],
        }))

    def _paragraph(self, fragment, result, wrap=True):
        cleaned = sanitise(fragment)
        cleaned = re.sub(r"^(<br\s*/?>\s*)+|(<br\s*/?>\s*)+$", "", cleaned)
        if not re.sub(r"<[^>]+>|&nbsp;|\s", "", cleaned):
            return
        result.blocks.append(("paragraph", f"<p>{cleaned}</p>" if wrap else cleaned))

    def _embed(self, url, caption, result):
        url = (url or "").strip()
        if not url:
            return
        try:
            parse_video_url(url)
        except ValueError:
            result.media_as_links.append(url)
            self._paragraph(f'<a href="{html.escape(url)}">{html.escape(caption or url)}</a>', result)
            return
        result.blocks.append(("video", {"url": url, "caption": caption[:500]}))

    def _image(self, attachment_id, url, caption, result):
        image = self.image_for(str(attachment_id or ""), url)
        if image is not None:
            result.blocks.append(("image", {"image": image, "caption": caption[:500], "credit": ""}))
            return
        url = url or self.url_for(str(attachment_id or ""))
        if url:
            result.images_not_copied.append(url)
            self._paragraph(f'<a href="{html.escape(url)}">{html.escape(caption or "Image")}</a>', result)
        elif caption:
            self._paragraph(html.escape(caption), result)


def _only_a_table(figure) -> bool:
    """Gutenberg's table: a <figure> holding one <table> and at most a <figcaption>."""
    children = [c for c in figure.children if isinstance(c, Tag) or str(c).strip()]
    return any(getattr(c, "name", "") == "table" for c in children) and all(
        getattr(c, "name", "") in ("table", "figcaption") for c in children)


def _has_text_besides(node, name) -> bool:
    if name in ("img", "iframe"):
        return False
    clone = BeautifulSoup(str(node), "html.parser")
    for tag in clone.find_all(["figcaption", "img", "iframe"]):
        tag.decompose()
    return bool(clone.get_text(strip=True))


def _caption_of(node) -> str:
    if isinstance(node, Tag) and node.name != "img":
        caption = node.find("figcaption")
        if caption:
            return caption.get_text(" ", strip=True)
    return ""


def _figcaption(fragment: str) -> str:
    match = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", fragment, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _gutenberg_blocks(content: str):
    """Top-level blocks as (name, attrs, inner HTML); content outside any block comment is a
    'core/freeform' block, as WordPress's parser calls it."""

    position, depth, start, current = 0, 0, 0, None
    for match in _BLOCK_COMMENT.finditer(content):
        closing, name, raw_attrs, self_closing = match.group(1), match.group(2), match.group(3), match.group(4)
        if "/" not in name:
            name = f"core/{name}"
        if depth == 0 and not closing:
            between = content[position:match.start()]
            if between.strip():
                yield "core/freeform", {}, between
            try:
                attrs = json.loads(raw_attrs) if raw_attrs else {}
            except ValueError:
                attrs = {}
            if self_closing:
                yield name, attrs, ""
                position = match.end()
                continue
            current, start, depth = (name, attrs), match.end(), 1
        elif not closing and not self_closing:
            depth += 1
        elif closing:
            depth -= 1
            if depth == 0 and current:
                yield current[0], current[1], content[start:match.start()]
                position, current = match.end(), None
    rest = content[position:] if current is None else content[start:]
    if rest.strip():
        yield (current[0], current[1], rest) if current else ("core/freeform", {}, rest)
