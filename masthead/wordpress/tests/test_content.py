"""WordPress content → article blocks: automatic paragraphs for classic content only,
Gutenberg blocks, shortcodes, and HTML cut down to what the editor allows."""

from masthead.wordpress.content import Converter, expand_shortcodes, plain_text, sanitise, wpautop


def convert(content, images=None):
    images = images or {}
    return Converter(lambda attachment_id, url: images.get(attachment_id), lambda attachment_id: f"http://old.example/{attachment_id}.jpg").convert(content)


def test_wpautop_makes_paragraphs_from_blank_lines_and_breaks_from_single_newlines():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    assert wpautop("<h2>Title</h2>\nText") == "<h2>Title</h2>\n<p>Text</p>\n"
    assert wpautop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"


def test_block_content_gets_no_automatic_paragraphs():
    result = convert("<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->")
    assert result.blocks == [("paragraph", "<p>One\ntwo</p>")]


def test_sanitise_keeps_the_editors_features_only():
    assert sanitise('<p onclick="x()">a <b>b</b> <a href="javascript:alert(1)">c</a> <a href="https://e.org" target="_blank">d</a><img src=x onerror=y><script>z</script></p>') == \
        '<p>a <b>b</b> <a>c</a> <a href="https://e.org">d</a></p>'


def test_comment_html_becomes_plain_text_with_link_addresses():
    assert plain_text('<p>Hi <a href="https://e.org/x">source</a><br>line</p><p>two</p><script>bad()</script>') == "Hi source (https://e.org/x)\nline\n\ntwo"
    assert plain_text("Tom &amp; Jerry &lt;3") == "Tom & Jerry <3"


def test_known_shortcodes_become_blocks_and_unknown_ones_stay_as_text():
    result = convert('[embed]https://youtu.be/dQw4w9WgXcQ[/embed]\n\n[video src="https://vimeo.com/76979871"]\n\n[gallery ids="5,6"]\n\n[audio src="http://old.example/a.mp3"]\n\n[ninja_form id=3] and [[escaped]]')
    types = [t for t, _ in result.blocks]
    assert types == ["video", "video", "paragraph", "paragraph", "paragraph", "paragraph"]  # gallery images not copied: links
    assert result.blocks[0][1]["url"] == "https://youtu.be/dQw4w9WgXcQ"
    assert result.blocks[2][1] == '<p><a href="http://old.example/5.jpg">Image</a></p>'
    assert result.blocks[-1][1] == "<p>[ninja_form id=3] and [escaped]</p>"
    assert result.unknown_shortcodes == ["ninja_form"]
    unknown = []
    expand_shortcodes("a[1] and b[2]", unknown)
    assert unknown == []


def test_caption_shortcode_with_a_copied_image_is_an_image_block():
    image = object()
    result = convert('[caption id="attachment_9" width="300"]<img class="wp-image-9" src="http://old.example/wp-content/uploads/x.jpg" /> The caption[/caption]', {"9": image})
    assert result.blocks == [("image", {"image": image, "caption": "The caption", "credit": ""})]


def test_bare_video_url_on_its_own_line_is_a_video_and_other_urls_stay_text():
    result = convert("Watch:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://example.org/page")
    assert [t for t, _ in result.blocks] == ["paragraph", "video", "paragraph"]
    assert result.blocks[2][1] == "<p>https://example.org/page</p>"


def test_gutenberg_blocks_map_to_body_blocks():
    content = (
        '<!-- wp:heading {"level":3} --><h3>Sub <em>title</em></h3><!-- /wp:heading -->'
        '<!-- wp:list --><ol><li>one</li></ol><!-- /wp:list -->'
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Words</p><cite>Someone</cite></blockquote><!-- /wp:quote -->'
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ"} --><figure><div>https://www.youtube.com/watch?v=dQw4w9WgXcQ</div></figure><!-- /wp:embed -->'
        '<!-- wp:core-embed/twitter {"url":"https://twitter.com/x/status/1"} --><figure></figure><!-- /wp:core-embed/twitter -->'
        '<!-- wp:image {"id":4} --><figure><img src="http://old.example/4.jpg"/><figcaption>Cap</figcaption></figure><!-- /wp:image -->'
        '<!-- wp:spacer {"height":20} /-->'
    )
    result = convert(content)
    assert result.blocks == [
        ("heading", "Sub title"),
        ("paragraph", "<ol><li>one</li></ol>"),
        ("quote", {"text": "Words", "attribution": "Someone"}),
        ("video", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": ""}),
        ("paragraph", '<p><a href="https://twitter.com/x/status/1">https://twitter.com/x/status/1</a></p>'),
        ("paragraph", '<p><a href="http://old.example/4.jpg">Cap</a></p>'),
    ]
    assert result.images_not_copied == ["http://old.example/4.jpg"]


def test_line_breaks_are_stored_as_the_editor_writes_them_so_the_article_opens_in_the_editor():
    # Wagtail's rich-text editor refused nh3's HTML5 `<br>` ("Unmatched tags: expected br,
    # got p"), so an imported article with a single newline in a paragraph could not be edited.
    from wagtail.admin.rich_text import DraftailRichTextArea

    [(kind, value)] = convert("One line\nand the next").blocks
    assert (kind, value) == ("paragraph", "<p>One line<br/>\nand the next</p>")
    assert "and the next" in DraftailRichTextArea().format_value(value)


def test_tables_become_table_blocks_with_their_header_caption_and_spans():
    """Election results and casualty counts are tables; their cells ran together as one
    paragraph (seen on WordPress's block test data)."""
    gutenberg = convert(
        '<!-- wp:table -->\n<figure class="wp-block-table"><table><thead><tr><th>Party</th><th>Seats</th></tr></thead>'
        '<tbody><tr><td>Alliance<br>(incl. <b>allies</b>)</td><td>31</td></tr><tr><td colspan="2">Turnout 44%</td></tr></tbody></table>'
        '<figcaption class="wp-element-caption">Results, <em>final</em></figcaption></figure>\n<!-- /wp:table -->'
    )
    assert gutenberg.blocks == [("table", {
        "data": [["Party", "Seats"], ["Alliance\n(incl. allies)", "31"], ["Turnout 44%", ""]],
        "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "Results, final",
    })]
    classic = convert("Before.\n\n<table><caption>By town</caption><tr><th>Homs</th><td>12</td></tr><tr><th>Hama</th><td>7<script>x()</script></td></tr></table>")
    assert classic.blocks == [("paragraph", "<p>Before.</p>"), ("table", {
        "data": [["Homs", "12"], ["Hama", "7"]],
        "first_row_is_table_header": False, "first_col_is_header": True, "table_caption": "By town",
    })]
    assert convert("<table><tr><td> </td></tr></table>").blocks == []


def test_preformatted_text_keeps_its_lines_and_spaces_and_inline_code_stays_code():
    """<pre> (classic editor, Gutenberg's code, preformatted and verse blocks) was flattened into a
    paragraph: indentation lost. It is now a preformatted block, text only; <code> stays code."""
    classic = convert("Try <code>make demo</code>.\n\n<pre>def f():\n\treturn 1\n\n# done</pre>")
    assert classic.blocks == [("paragraph", "<p>Try <code>make demo</code>.</p>"),
                              ("preformatted", "def f():\n    return 1\n\n# done")]
    gutenberg = convert('<!-- wp:verse -->\n<pre class="wp-block-verse">Rose,\n   <em>thorn</em></pre>\n<!-- /wp:verse -->\n\n'
                        '<!-- wp:code -->\n<pre class="wp-block-code"><code>&lt;b&gt; x</code></pre>\n<!-- /wp:code -->')
    assert gutenberg.blocks == [("preformatted", "Rose,\n   thorn"), ("preformatted", "<b> x")]
    assert convert("<pre>\n \n</pre>").blocks == []


def test_reusable_blocks_are_placed_where_they_are_used_and_missing_ones_reported():
    """A synced pattern (reusable block) is stored once as a wp_block item and referenced by
    <!-- wp:block {"ref":N} /-->: its content was lost. A reference to itself does not loop."""
    reusable = {"40": '<!-- wp:paragraph --><p>Support <b>independent</b> news.</p><!-- /wp:paragraph -->',
                "41": '<!-- wp:block {"ref":41} /--><!-- wp:heading --><h2>Loop</h2><!-- /wp:heading -->'}
    converter = Converter(lambda attachment_id, url: None, reusable=reusable)
    result = converter.convert('<!-- wp:paragraph --><p>Story.</p><!-- /wp:paragraph -->\n'
                               '<!-- wp:block {"ref":40} /-->\n<!-- wp:block {"ref":41} /-->\n<!-- wp:block {"ref":99} /-->')
    assert result.blocks == [("paragraph", "<p>Story.</p>"), ("paragraph", "<p>Support <b>independent</b> news.</p>"),
                             ("heading", "Loop")]
    assert result.reusable_missing == ["41", "99"]


def test_blocks_inside_groups_and_columns_are_converted_as_blocks():
    """A video or a reusable block inside a group or a column became loose text (the embed's
    address as a paragraph); containers are now opened and their blocks converted."""
    result = convert(
        '<!-- wp:group --><div class="wp-block-group"><!-- wp:columns --><div class="wp-block-columns">'
        '<!-- wp:column --><div class="wp-block-column"><!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column -->'
        '<!-- wp:column --><div class="wp-block-column"><!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","providerNameSlug":"youtube"} -->'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://youtu.be/dQw4w9WgXcQ</div></figure><!-- /wp:embed -->'
        '</div><!-- /wp:column --></div><!-- /wp:columns --></div><!-- /wp:group -->')
    assert [kind for kind, _ in result.blocks] == ["paragraph", "video"]
    assert result.blocks[1][1]["url"] == "https://youtu.be/dQw4w9WgXcQ"
