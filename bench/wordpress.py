#!/usr/bin/env python3
"""`masthead import-wordpress` at scale (a benchmark, not a test).

    bench/wordpress.sh                                  # 10,000 posts, 100,000 comments
    POSTS=1000 COMMENTS=10000 bench/wordpress.sh        # a quicker run
    MEMORY_SIZES_MB=100,1000 bench/wordpress.sh         # also: reader memory on padded exports
    IMPORT_SIZES_MB=100,1000 bench/wordpress.sh         # also: the import's memory on larger exports
    DATABASE_URL=postgres://127.0.0.1:5432/bench bench/wordpress.sh   # an empty database

Generates a WXR 1.2 export (POSTS posts in 20 categories, COMMENTS comments spread over
them: a fifth replies, some pending, spam and trash, a few pingbacks), then in separate
processes (so each peak memory is its own):

1. baseline: the streaming reader alone over the file (parse, no database);
2. the import into a fresh database (SQLite in a temporary directory unless DATABASE_URL);
3. the same import again (everything unchanged: the cut-over re-run).

It prints items/s, wall time and peak memory (ru_maxrss) of each (and the import's CPU
time, without the database server's), the import as a ratio of
the baseline parse, and with MEMORY_SIZES_MB the reader's peak memory on exports padded to
those sizes (flat memory whatever the file size is the claim to check).

With IMPORT_SIZES_MB, the whole import's peak memory on exports of about those sizes, each
into a fresh SQLite database in its own directory (whatever DATABASE_URL says: a fresh
database each time). Those exports are the default one scaled up, more posts and comments
in the same proportions, not longer posts: what grows with a real site's export is the
number of items (a 1 GB export is a site with ten times the posts, not posts ten times as
long), and what could grow in the importer's memory with it is what it keeps per item
(mapping, redirects, report). Each is one import, no re-run: 1,000 MB takes ~15 minutes.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTS = int(os.environ.get("POSTS", "10000"))
COMMENTS = int(os.environ.get("COMMENTS", "100000"))
MEMORY_SIZES_MB = [int(x) for x in os.environ.get("MEMORY_SIZES_MB", "").split(",") if x.strip()]
IMPORT_SIZES_MB = [int(x) for x in os.environ.get("IMPORT_SIZES_MB", "").split(",") if x.strip()]

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Monitor</title><link>http://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>http://bench.example.org</wp:base_site_url><wp:base_blog_url>http://bench.example.org</wp:base_blog_url>
"""


def generate(path, posts, comments, pad_to_bytes=0):
    rng = random.Random(7)
    per_post = [comments // posts + (1 if i < comments % posts else 0) for i in range(posts)]
    padding = ""
    if pad_to_bytes:
        per_item = pad_to_bytes // posts
        padding = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * (per_item // 57 + 1))[:per_item]
    comment_id = 1
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        out.write('<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_email>e@bench.example.org</wp:author_email><wp:author_display_name><![CDATA[Bench Editor]]></wp:author_display_name></wp:author>\n')
        for c in range(20):
            out.write(f"<wp:category><wp:term_id>{c + 1}</wp:term_id><wp:category_nicename>section-{c}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Section {c}]]></wp:cat_name></wp:category>\n")
        for i in range(posts):
            post_id = 1000 + i
            day = 1 + i % 28
            out.write(f"""<item><title><![CDATA[Story number {i}]]></title><link>http://bench.example.org/2021/05/{day:02d}/story-{i}/</link>
<pubDate>Wed, {day:02d} May 2021 06:30:00 +0000</pubDate><dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink="false">http://bench.example.org/?p={post_id}</guid>
<content:encoded><![CDATA[First paragraph of story {i}.
A second line.

Second paragraph with <a href="https://example.org/{i}">a source</a>. {padding}]]></content:encoded><excerpt:encoded><![CDATA[Standfirst {i}.]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date>2021-05-{day:02d} 09:30:00</wp:post_date><wp:post_date_gmt>2021-05-{day:02d} 06:30:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>story-{i}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<category domain="category" nicename="section-{i % 20}"><![CDATA[Section {i % 20}]]></category>
""")
            first = comment_id
            for k in range(per_post[i]):
                parent = rng.randrange(first, comment_id) if comment_id > first and rng.random() < 0.2 else 0
                roll = rng.random()
                status = "1" if roll < 0.85 else "0" if roll < 0.92 else "spam" if roll < 0.97 else "trash"
                kind = "pingback" if rng.random() < 0.01 else "comment"
                minute = k % 60
                out.write(f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[Reader {comment_id % 5000}]]></wp:comment_author><wp:comment_author_email>r{comment_id % 5000}@example.com</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP><wp:comment_date>2021-05-{day:02d} 1{k // 60 % 10}:{minute:02d}:00</wp:comment_date><wp:comment_date_gmt>2021-05-{day:02d} 0{k // 60 % 10}:{minute:02d}:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment {comment_id}: what a story, thank you.]]></wp:comment_content><wp:comment_approved>{status}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
""")
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def stage(name, path, var):
    """Run in a child process: one stage, printing {seconds, peak_mb, ...} as JSON."""
    os.environ.update(MASTHEAD_VAR_DIR=var, DJANGO_SETTINGS_MODULE="masthead.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from masthead.wordpress import importer, wxr

    if name == "migrate":
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        result = {}
    elif name == "parse":
        start = time.perf_counter()
        items = sum(1 for record in wxr.Reader(path) if isinstance(record, wxr.Item))
        result = {"seconds": time.perf_counter() - start, "items": items}
    else:
        start = time.perf_counter()
        report = importer.run(path, progress=False)
        result = {"seconds": time.perf_counter() - start, "items": report.items, "comments": sum(report.comments.values()),
                  "unchanged": report.unchanged, "redirects": report.redirects}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime  # this process's, not the database server's
    print(json.dumps(result))


def child(name, path, var, env=None):
    out = subprocess.run([sys.executable, __file__, "--stage", name, str(path), var], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    work = Path(tempfile.mkdtemp(prefix="masthead-bench-wordpress-"))
    export = work / "export.xml"
    start = time.perf_counter()
    generate(export, POSTS, COMMENTS)
    size_mb = export.stat().st_size / 1e6
    print(f"export: {POSTS:,} posts, {COMMENTS:,} comments, {size_mb:.0f} MB (generated in {time.perf_counter() - start:.0f} s)")
    database = os.environ.get("DATABASE_URL") or f"SQLite in {work}"
    print(f"database: {database}")
    child("migrate", export, str(work))
    parse = child("parse", export, str(work))
    first = child("import", export, str(work))
    again = child("import", export, str(work))
    items = POSTS + COMMENTS
    print(f"baseline  parse only       {parse['seconds']:8.1f} s  {items / parse['seconds']:9,.0f} items/s  peak {parse['peak_mb']:6.0f} MB")
    print(f"import    fresh database   {first['seconds']:8.1f} s  {items / first['seconds']:9,.0f} items/s  peak {first['peak_mb']:6.0f} MB"
          f"  = {first['seconds'] / parse['seconds']:.1f}x the parse; {first['comments']:,} comments, {first['redirects']:,} redirects;"
          f" CPU {first['cpu']:.1f} s")
    print(f"import    again (no change){again['seconds']:8.1f} s  {items / again['seconds']:9,.0f} items/s  peak {again['peak_mb']:6.0f} MB"
          f"  = {again['seconds'] / parse['seconds']:.1f}x the parse; {again['unchanged']:,} posts unchanged")
    print(f"targets: import under 60 s ({'met' if first['seconds'] < 60 else 'NOT met'}), peak under 300 MB ({'met' if first['peak_mb'] < 300 else 'NOT met'})")
    for size in MEMORY_SIZES_MB:
        padded = work / f"export-{size}mb.xml"
        generate(padded, POSTS, COMMENTS, pad_to_bytes=max(0, size * 1_000_000 - export.stat().st_size))
        result = child("parse", padded, str(work))
        print(f"reader on {padded.stat().st_size / 1e6:6.0f} MB: {result['seconds']:6.1f} s, peak {result['peak_mb']:5.0f} MB"
              f"  ({result['peak_mb'] / parse['peak_mb']:.2f}x the {size_mb:.0f} MB file's)")
        padded.unlink()
    sqlite = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    for size in IMPORT_SIZES_MB:
        scale = size * 1e6 / export.stat().st_size
        var = work / f"import-{size}mb"
        var.mkdir()
        larger = var / "export.xml"
        posts, comments = round(POSTS * scale), round(COMMENTS * scale)
        generate(larger, posts, comments)
        child("migrate", larger, str(var), env=sqlite)
        result = child("import", larger, str(var), env=sqlite)
        print(f"import of {larger.stat().st_size / 1e6:6.0f} MB ({posts:,} posts, {comments:,} comments, fresh SQLite): {result['seconds']:6.1f} s,"
              f" peak {result['peak_mb']:5.0f} MB  ({result['peak_mb'] / first['peak_mb']:.2f}x the {size_mb:.0f} MB import's)")
        larger.unlink()
    print(f"rerun: POSTS={POSTS} COMMENTS={COMMENTS} MEMORY_SIZES_MB={','.join(map(str, MEMORY_SIZES_MB))}"
          f" IMPORT_SIZES_MB={','.join(map(str, IMPORT_SIZES_MB))} bench/wordpress.sh")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--stage":
        stage(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
