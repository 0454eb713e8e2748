"""`masthead import-wordpress`: a WordPress export (WXR) into this site, losing nothing.

Two passes over the file, both streaming (wxr.py):

1. **Check** — the whole file is parsed without touching the database: a malformed or
   truncated file, or one that is not a WordPress export, stops here with its line and
   column, so nothing of that run is imported. The pass also counts the items (the progress
   bar's total), measures the site's UTC offset from items that have both dates (for drafts
   whose GMT date is WordPress's zero date), and keeps the attachments (id, URL, title), so
   featured images and images in content resolve whatever the order of the file.
2. **Import** — attachments first, then authors, categories and tags as they come, then
   posts and pages in batches of 250, each batch with its comments in one transaction
   (wordpress/actions.py): a run stopped halfway leaves whole batches only, and running it
   again finishes the job.

Everything is keyed on WordPress ids (models.ImportedObject), so a second run, or a newer
export of the same site, updates what changed and adds what is new.

Where things go (decisions, see docs/architecture.md "WordPress import"):
- a top-level category is a section; a nested category files its posts under its
  top-level ancestor's section and becomes a tag of those posts;
- a post's section is its first category's; posts without one go to "Uncategorized";
- pages go into a section "Pages" (not in the menu), their hierarchy kept in the mapping;
- of the sections a run creates, the 8 with the most articles stay in the menu (the report
  names the others);
- statuses: publish → published, future → scheduled (Wagtail's go-live), draft/pending →
  draft, private → published behind a login restriction, a post password → a password
  restriction; trash and auto-draft are skipped and reported.
"""

import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from masthead.news.actions import end_import
from masthead.wordpress import wxr
from masthead.wordpress.actions import COMMENT_STATUS, PINGBACK_TYPES, SiteImport, skip_reason
from masthead.wordpress.tally import SeenIds


@dataclass
class Report:
    source: str = ""
    site_name: str = ""
    wxr_version: str = ""
    dry_run: bool = False
    items: int = 0
    posts: Counter = field(default_factory=Counter)
    pages: Counter = field(default_factory=Counter)
    comments: Counter = field(default_factory=Counter)
    pingbacks: int = 0
    categories: int = 0
    sections_created: int = 0
    sections_out_of_menu: list = field(default_factory=list)  # titles: created, but not among the largest few
    tags: int = 0
    authors: int = 0
    attachments: Counter = field(default_factory=Counter)  # copied / not_copied
    redirects: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # [{"item", "reason"}]
    unknown_shortcodes: Counter = field(default_factory=Counter)
    attachments_not_copied: list = field(default_factory=list)
    media_as_links: int = 0
    reusable_blocks_missing: list = field(default_factory=list)  # refs used by posts, not in the file
    control_characters_dropped: int = 0
    utc_offset_minutes: int | None = None

    # Distinct category and tag slugs: WordPress 5+ lists each term twice (<wp:category> or
    # <wp:tag>, and again as <wp:term>), and items may name terms the channel does not list.
    _category_slugs: set = field(default_factory=set)
    _tag_slugs: set = field(default_factory=set)

    def skip(self, what, reason):
        self.skipped.append({"item": what, "reason": reason})

    def saw_term(self, kind, slug) -> bool:
        """Count a category or tag once, however often the file names it; True the first time."""
        seen = {"category": self._category_slugs, "post_tag": self._tag_slugs}.get(kind)
        if seen is None or not slug or slug in seen:
            return False
        seen.add(slug)
        self.categories, self.tags = len(self._category_slugs), len(self._tag_slugs)
        return True

    def saw_item_terms(self, item):
        for domain, slug, _name in item.categories:
            self.saw_term(domain, slug)

    def as_json(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if not key.startswith("_")}
        for key in ("posts", "pages", "comments", "attachments", "unknown_shortcodes"):
            data[key] = dict(sorted(getattr(self, key).items()))
        return data

    def lines(self) -> list[str]:
        def by_status(counter):
            return ", ".join(f"{n} {status}" for status, n in sorted(counter.items())) or "none"

        verb = "would import" if self.dry_run else "imported"
        out = [
            f"{self.source} (WXR {self.wxr_version or '?'}, {self.items} items): {verb}",
            f"  posts:        {sum(self.posts.values())} ({by_status(self.posts)})",
            f"  pages:        {sum(self.pages.values())} ({by_status(self.pages)})",
            f"  comments:     {sum(self.comments.values())} ({by_status(self.comments)})",
            f"  pingbacks/trackbacks kept (not shown as comments): {self.pingbacks}",
            f"  authors: {self.authors}   categories: {self.categories} ({self.sections_created} sections created)   tags: {self.tags}",
            f"  attachments:  {sum(self.attachments.values())} ({by_status(self.attachments)})",
            f"  redirects:    {self.redirects}",
        ]
        if self.sections_out_of_menu:
            out.append(f"  menu: {len(self.sections_out_of_menu)} of the sections created are left out of the site's menu, which keeps"
                       f" those with the most articles (they stay published, listed and searchable; a section's"
                       f" Promote → \"Show in menus\" puts it back):")
            out.append("    " + ", ".join(self.sections_out_of_menu[:50]) + (" …" if len(self.sections_out_of_menu) > 50 else ""))
        if not self.dry_run:
            out.append(f"  updated: {self.updated}   unchanged since the last import: {self.unchanged}")
        if self.control_characters_dropped:
            out.append(f"  control characters dropped (--repair): {self.control_characters_dropped}")
        if self.skipped:
            out.append(f"  skipped: {len(self.skipped)}")
            out += [f"    - {s['item']}: {s['reason']}" for s in self.skipped[:50]]
            if len(self.skipped) > 50:
                out.append(f"    … and {len(self.skipped) - 50} more (see --json)")
        if self.unknown_shortcodes:
            out.append("  unknown shortcodes kept as text: " + ", ".join(f"[{name}] ×{n}" for name, n in self.unknown_shortcodes.most_common()))
        if self.reusable_blocks_missing:
            out.append("  reusable blocks used but not in the export (export with \"All content\"): "
                       + ", ".join(f"#{ref}" for ref in self.reusable_blocks_missing[:20]))
        if self.media_as_links:
            out.append(f"  audio/video not from a known video host, kept as links: {self.media_as_links}")
        if self.attachments_not_copied:
            out.append(f"  attachments not copied (left at their original URL): {len(self.attachments_not_copied)}")
            out += [f"    - {url}" for url in self.attachments_not_copied[:20]]
            if len(self.attachments_not_copied) > 20:
                out.append(f"    … and {len(self.attachments_not_copied) - 20} more (see --json)")
        return out


@dataclass
class Survey:
    """What the check pass learnt about the file."""

    channel: wxr.Channel
    items: int
    offset: timedelta | None
    attachments: dict  # wp id (str) → Item (without content)
    repaired: int
    reusable: dict = field(default_factory=dict)  # wp_block id (str) → its content


# Reusable blocks are kept in memory for the import pass; a site has tens of them. A file
# with more than this much of them keeps the first ones and reports the rest as missing.
REUSABLE_BLOCKS_MAX_CHARS = 20_000_000


def survey(path, repair=False) -> Survey:
    """The check pass: parse everything, touch nothing. Raises wxr.WXRError."""
    reader = wxr.Reader(path, repair=repair)
    items, offsets, attachments, reusable, reusable_chars = 0, Counter(), {}, {}, 0
    channel = wxr.Channel()
    for record in reader:
        if isinstance(record, wxr.Channel):
            channel = record
        elif isinstance(record, wxr.Item):
            items += 1
            offset = wxr.local_offset(record.post_date, record.post_date_gmt)
            if offset is not None:
                offsets[offset] += 1
            if record.post_type == "attachment":
                # Only what the import needs (the URL and the file's path under uploads):
                # _wp_attachment_metadata alone is a kilobyte or more per attachment.
                record.content, record.excerpt, record.comments, record.categories = "", "", [], []
                record.meta = {"_wp_attached_file": record.meta.get("_wp_attached_file", [])}
                attachments[str(record.id)] = record
            elif record.post_type == "wp_block" and record.status == "publish":
                reusable_chars += len(record.content)
                if reusable_chars <= REUSABLE_BLOCKS_MAX_CHARS:
                    reusable[str(record.id)] = record.content
    offset = offsets.most_common(1)[0][0] if offsets else None
    return Survey(channel, items, offset, attachments, reader.repaired, reusable)


class RepeatedIds:
    """WordPress ids are unique in its database, but a hand-edited file may repeat one: the
    first item with an id is imported, a later one skipped and listed (WordPress's importer
    does the same), rather than overwriting the first."""

    def __init__(self):
        self.ids = SeenIds()

    def seen(self, item, report) -> bool:
        if item.post_type not in ("post", "page") or item.id <= 0:
            return False
        if self.ids.add(item.id):
            return False
        report.skip(f"{item.post_type} {item.id} {item.title[:60]!r}",
                    "an earlier item of this file has the same WordPress id; that one was imported")
        return True


def progress_bar(total, enabled=None):
    """tqdm on a terminal (items done, rate, ETA); silent otherwise."""
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(total=total, unit="item", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def run(path, *, uploads=None, dry_run=False, repair=False, progress=None) -> Report:
    """Import `path`; returns the report. Raises wxr.WXRError for bad input (nothing imported)."""
    found = survey(path, repair=repair)
    report = Report(source=str(path), site_name=found.channel.title, wxr_version=found.channel.version,
                    dry_run=dry_run, items=found.items, control_characters_dropped=found.repaired)
    if found.offset is not None:
        report.utc_offset_minutes = int(found.offset.total_seconds() // 60)
    if dry_run:
        _count_only(path, repair, report)
        return report
    site_import = SiteImport(found, report, uploads=uploads)
    repeated = RepeatedIds()
    site_import.begin()
    bar = progress_bar(found.items, progress)
    try:
        for record in wxr.Reader(path, repair=repair):
            if isinstance(record, wxr.Author):
                site_import.author(record)
            elif isinstance(record, wxr.Term):
                site_import.term(record)
            elif isinstance(record, wxr.Item):
                if not repeated.seen(record, report):
                    site_import.item(record)
                bar.update(1)
        site_import.finish()
    finally:
        bar.close()
        end_import()  # pages went in without per-page purges (news.actions.import_articles), even if the run stopped
    return report


def _count_only(path, repair, report):
    """--dry-run: what the file holds, counted as the import would count it."""
    logins = set()  # listed authors, and item creators the list lacks (the import creates them)
    repeated = RepeatedIds()
    for record in wxr.Reader(path, repair=repair):
        if isinstance(record, wxr.Author):
            logins.add(record.login)
            report.authors = len(logins)
        elif isinstance(record, wxr.Term):
            report.saw_term(record.kind, record.slug)
        elif isinstance(record, wxr.Item):
            report.saw_item_terms(record)
            if record.post_type == "attachment":
                report.attachments["in file"] += 1
                continue
            if repeated.seen(record, report):
                continue
            if reason := skip_reason(record):
                report.skip(f"{record.post_type} {record.id} {record.title[:60]!r}", reason)
                continue
            if record.creator:
                logins.add(record.creator)
                report.authors = len(logins)
            (report.posts if record.post_type == "post" else report.pages)[record.status] += 1
            for comment in record.comments:
                if comment.type in PINGBACK_TYPES:
                    report.pingbacks += 1
                else:
                    report.comments[COMMENT_STATUS.get(comment.approved, "pending")] += 1
