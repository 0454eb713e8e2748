"""Reading a WordPress export (WXR 1.0–1.2) as a stream of records, never the whole file.

`read(path)` yields a `Channel` once its head has been read (title, links, WXR version), then
one `Author`, `Term` or `Item` per element, each cleared and detached from the tree as soon as
it is yielded, so memory stays flat whatever the size of the file. The parser is
defusedxml's: a DTD's entities and external references are refused, not expanded.

Errors are `WXRError` with the line and column the parser stopped at; a file that is not a
WordPress export says what it looks like instead. Control characters that make XML invalid
(a classic of old WordPress exports) are reported with their line; with `repair=True` they
are dropped on the way in and counted (`Reader.repaired`).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone as dt_timezone
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# WordPress.com exports name the same namespaces over https (https://wordpress.org/export/1.2/).
_WP_NS = re.compile(r"^\{https?://(?:www\.)?wordpress\.org/export/(1\.\d)/(excerpt/)?\}(.*)$")
# C0 controls XML 1.0 forbids (tab, newline and carriage return are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
ZERO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    def __init__(self, message, line=None, column=None):
        self.line, self.column = line, column
        where = f" (line {line}, column {column})" if line else ""
        super().__init__(f"{message}{where}")


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""


@dataclass
class Author:
    id: str
    login: str
    email: str
    display_name: str
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category", "post_tag", or another taxonomy
    id: str
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class WPComment:
    id: int
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: int
    user_id: int
    meta: dict = field(default_factory=dict)


@dataclass
class Item:
    id: int
    title: str
    link: str
    pub_date: str
    creator: str
    guid: str
    content: str
    excerpt: str
    post_date: str
    post_date_gmt: str
    comment_status: str
    slug: str
    status: str
    parent: int
    post_type: str
    password: str
    attachment_url: str
    categories: list = field(default_factory=list)  # [(domain, nicename, name)]
    meta: dict = field(default_factory=dict)  # meta_key → [values]
    comments: list = field(default_factory=list)

    def meta_one(self, key, default=""):
        values = self.meta.get(key)
        return values[0] if values else default


class _RepairingFile:
    """A binary file whose reads drop the control characters XML forbids, counting them."""

    def __init__(self, raw):
        self.raw, self.dropped = raw, 0

    def read(self, size=-1):
        chunk = self.raw.read(size)
        cleaned, n = _CONTROL.subn(b"", chunk)
        self.dropped += n
        return cleaned


def _local(tag: str) -> str:
    """'{ns}name' → 'prefix:name' for the namespaces WXR uses."""
    if not tag.startswith("{"):
        return tag
    match = _WP_NS.match(tag)
    if match:
        return ("excerpt:" if match.group(2) else "wp:") + match.group(3)
    uri, name = tag[1:].split("}", 1)
    uri = uri.replace("https://", "http://", 1)
    for prefix, known in NS.items():
        if uri == known:
            return f"{prefix}:{name}"
    return name


def _text(element, name, default=""):
    """A field's value without the white space around it (hand-edited and older exports put
    `<wp:author_login>alice\n</wp:author_login>`; WordPress trims such fields too)."""
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return default


# Text whose spaces and line breaks are content; every other field is trimmed.
_KEPT_AS_WRITTEN = {"content:encoded", "excerpt:encoded", "wp:comment_content"}


def _value(child, name) -> str:
    text = child.text or ""
    return text if name in _KEPT_AS_WRITTEN else text.strip()


_ID_IN_URL = re.compile(r"[?&](?:p|page_id|attachment_id)=(\d+)(?:&|#|$)")


def _post_id(values) -> int:
    """wp:post_id; a hand-made export without it still names the id in a default-form guid or
    link (…/?p=19). 0 when nothing does (the importer skips such an item and says why)."""
    if (post_id := _int(values.get("wp:post_id"))) > 0:
        return post_id
    for url in (values.get("guid", ""), values.get("link", "")):
        if match := _ID_IN_URL.search(url.strip()):
            return int(match.group(1))
    return 0


def _int(value) -> int:
    try:
        return int((value or "0").strip())
    except ValueError:
        return 0


def describe_non_xml(head: bytes) -> str | None:
    """What a file that is not XML looks like, from its first bytes."""
    stripped = head.lstrip()
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive: unzip it and import the .xml file inside"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file: decompress it (gunzip) and import the .xml file"
    if stripped[:1] in (b"{", b"["):
        return "JSON, not a WordPress export (WXR is XML: WordPress → Tools → Export)"
    if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "an HTML page, not a WordPress export (WordPress → Tools → Export gives an .xml file)"
    if not stripped:
        return "empty"
    return None


class Reader:
    """One pass over an export. Iterate it for records; afterwards `repaired` tells how many
    control characters were dropped."""

    def __init__(self, path, repair=False):
        self.path, self.repair, self.repaired = path, repair, 0
        self.channel = Channel()

    def __iter__(self):
        with open(self.path, "rb") as raw:
            head = raw.read(512)
            what = describe_non_xml(head)
            if what:
                raise WXRError(f"{self.path} is {what}")
            raw.seek(0)
            source = _RepairingFile(raw) if self.repair else raw
            try:
                yield from self._records(source)
            except ParseError as error:
                line, column = error.position
                message = str(error).split(":")[0]
                if self._has_control_character(line):
                    message = (f"a control character XML does not allow ({message}); "
                               "run again with --repair to drop such characters")
                raise WXRError(f"{self.path} is not well-formed XML: {message}", line, column + 1) from None
            except DefusedXmlException as error:
                raise WXRError(f"{self.path} was refused: it declares entities or external references ({type(error).__name__}), which a WordPress export never does") from None
            finally:
                if self.repair:
                    self.repaired = source.dropped

    def _has_control_character(self, line_number):
        with open(self.path, "rb") as raw:
            for number, line in enumerate(raw, 1):
                if number == line_number:
                    return bool(_CONTROL.search(line))
        return False

    def _records(self, source):
        parser_events = iterparse(source, events=("start", "end"))
        depth = 0
        channel_el = None
        seen_wp = False
        channel_started = False
        for event, element in parser_events:
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(f"{self.path} is XML with a <{_local(element.tag)}> root element, not a WordPress export (an RSS document with wp: elements)")
                if depth == 2 and _local(element.tag) == "channel":
                    channel_el = element
                continue
            depth -= 1
            if depth != 2 or channel_el is None:
                continue
            name = _local(element.tag)
            if name.startswith("wp:"):
                seen_wp = True
            if name == "item":
                if not seen_wp:
                    raise WXRError(f"{self.path} is an RSS feed, not a WordPress export: its items have no wp: elements (WordPress → Tools → Export gives the full export)")
                if not channel_started:
                    channel_started = True
                    yield self.channel
                yield self._item(element)
            elif name == "wp:author":
                yield self._author(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                yield self._term(name, element)
            elif name == "title":
                self.channel.title = (element.text or "").strip()
            elif name == "link":
                self.channel.link = (element.text or "").strip()
            elif name == "wp:base_site_url":
                self.channel.base_site_url = (element.text or "").strip()
            elif name == "wp:base_blog_url":
                self.channel.base_blog_url = (element.text or "").strip()
            elif name == "wp:wxr_version":
                self.channel.version = (element.text or "").strip()
            else:
                continue
            element.clear()
            channel_el.remove(element)
        if channel_el is None:
            raise WXRError(f"{self.path} is RSS without a <channel>: not a WordPress export")
        if not seen_wp:
            raise WXRError(f"{self.path} is an RSS feed, not a WordPress export: it has no wp: elements")
        if not channel_started:
            yield self.channel

    def _author(self, el):
        return Author(
            id=_text(el, "wp:author_id"), login=_text(el, "wp:author_login"), email=_text(el, "wp:author_email"),
            display_name=_text(el, "wp:author_display_name"), first_name=_text(el, "wp:author_first_name"),
            last_name=_text(el, "wp:author_last_name"),
        )

    def _term(self, name, el):
        if name == "wp:category":
            return Term("category", _text(el, "wp:term_id"), _text(el, "wp:category_nicename"), _text(el, "wp:cat_name"),
                        _text(el, "wp:category_parent"), _text(el, "wp:category_description"))
        if name == "wp:tag":
            return Term("post_tag", _text(el, "wp:term_id"), _text(el, "wp:tag_slug"), _text(el, "wp:tag_name"),
                        "", _text(el, "wp:tag_description"))
        return Term(_text(el, "wp:term_taxonomy"), _text(el, "wp:term_id"), _text(el, "wp:term_slug"), _text(el, "wp:term_name"),
                    _text(el, "wp:term_parent"), _text(el, "wp:term_description"))

    def _item(self, el):
        values = {}
        categories, meta, comments = [], {}, []
        for child in el:
            name = _local(child.tag)
            if name == "category":
                categories.append((child.get("domain", "category").strip(), child.get("nicename", "").strip(), (child.text or "").strip()))
            elif name == "wp:postmeta":
                meta.setdefault(_text(child, "wp:meta_key"), []).append(_text(child, "wp:meta_value"))
            elif name == "wp:comment":
                comments.append(self._comment(child))
            else:
                values[name] = _value(child, name)
        return Item(
            id=_post_id(values), title=values.get("title", ""), link=values.get("link", ""),
            pub_date=values.get("pubDate", ""), creator=values.get("dc:creator", ""), guid=values.get("guid", ""),
            content=values.get("content:encoded", ""), excerpt=values.get("excerpt:encoded", ""),
            post_date=values.get("wp:post_date", ""), post_date_gmt=values.get("wp:post_date_gmt", ""),
            comment_status=values.get("wp:comment_status", "open"), slug=values.get("wp:post_name", ""),
            # WordPress's own defaults (wp_insert_post): no type is a post, and no status a draft,
            # never published on a guess.
            status=values.get("wp:status") or "draft", parent=_int(values.get("wp:post_parent")),
            post_type=values.get("wp:post_type") or "post", password=values.get("wp:post_password", ""),
            attachment_url=values.get("wp:attachment_url", ""),
            categories=categories, meta=meta, comments=comments,
        )

    def _comment(self, el):
        values, meta = {}, {}
        for child in el:
            name = _local(child.tag)
            if name == "wp:commentmeta":
                meta[_text(child, "wp:meta_key")] = _text(child, "wp:meta_value")
            else:
                values[name] = _value(child, name)
        return WPComment(
            id=_int(values.get("wp:comment_id")), author=values.get("wp:comment_author", ""),
            email=values.get("wp:comment_author_email", ""), url=values.get("wp:comment_author_url", ""),
            ip=values.get("wp:comment_author_IP", ""), date=values.get("wp:comment_date", ""),
            date_gmt=values.get("wp:comment_date_gmt", ""), content=values.get("wp:comment_content", ""),
            approved=values.get("wp:comment_approved", "1"), type=values.get("wp:comment_type", ""),
            parent=_int(values.get("wp:comment_parent")), user_id=_int(values.get("wp:comment_user_id")), meta=meta,
        )


# Dates ------------------------------------------------------------------------------------

def parse_wp_date(value: str) -> datetime | None:
    """'YYYY-MM-DD HH:MM:SS' (naive); None for WordPress's zero date or garbage."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        if _WP_DATE.match(value):  # WordPress's own form: the fast parser (a 100k-comment export has 100k dates)
            return datetime.fromisoformat(value)
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # also unpadded fields, as strptime reads them
    except ValueError:
        return None


_WP_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\Z")


def parse_pub_date(value: str) -> datetime | None:
    """RSS pubDate (RFC 2822). WordPress writes 'Mon, 30 Nov -0001 00:00:00 +0000' for drafts."""
    if not value or "-0001" in value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.tzinfo is None or parsed.year < 1970:
        return None
    return parsed.astimezone(dt_timezone.utc)


def instant(gmt: str, pub_date: str, local: str, offset: timedelta | None) -> datetime | None:
    """The moment something happened: `*_gmt` is the instant (never read as local time);
    for drafts it is the zero date, then pubDate, then the local date in the site's zone
    (`offset` = local − UTC, as measured on the export's other items)."""
    parsed = parse_wp_date(gmt)
    if parsed:
        return parsed.replace(tzinfo=dt_timezone.utc)
    from_pub = parse_pub_date(pub_date)
    if from_pub:
        return from_pub
    parsed = parse_wp_date(local)
    if parsed:
        return (parsed - (offset or timedelta(0))).replace(tzinfo=dt_timezone.utc)
    return None


def local_offset(local: str, gmt: str) -> timedelta | None:
    a, b = parse_wp_date(local), parse_wp_date(gmt)
    if a and b:
        return a - b
    return None
