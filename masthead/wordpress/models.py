"""What the importer remembers of a WordPress site: one row per WordPress object it brought
over, keyed by the export's site URL, the object's kind and its WordPress id, so a second
run (or a newer export of the same site) updates instead of duplicating.

`data` keeps what has no place in masthead's own models but means something: an author's
login and email, a comment's meta, a page's parent, and pingbacks/trackbacks whole (they are
kept here, not shown as comments).
"""

from django.db import models


class ImportedObject(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", "author"
        CATEGORY = "category", "category"
        TAG = "tag", "tag"
        POST = "post", "post or page"
        ATTACHMENT = "attachment", "attachment"
        COMMENT = "comment", "comment"
        PINGBACK = "pingback", "pingback or trackback"

    source = models.CharField(max_length=200, help_text="The export's wp:base_site_url.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.CharField(max_length=200, help_text="WordPress id (post, comment), login (author) or slug (term).")
    # The masthead object: Page id (post, page, category's section), Comment id, Author id,
    # Image or Document id (attachment), taggit Tag id. None for what is only kept here.
    object_id = models.BigIntegerField(null=True, blank=True)
    digest = models.CharField(max_length=40, blank=True, help_text="sha1 of the item as last imported.")
    data = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind", "wp_id"], name="wordpress_unique_object")]

    def __str__(self):
        return f"{self.kind} {self.wp_id} → {self.object_id}"
