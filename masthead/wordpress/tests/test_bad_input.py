"""Files that are not a good WordPress export: a clear message with the line and column,
a non-zero exit, and nothing imported, so the run can simply be made again."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.comments.models import Comment
from masthead.news.models import ArticlePage
from masthead.wordpress.models import ImportedObject
from masthead.wordpress.wxr import Reader, WXRError

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def refused(name, *args):
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(FIXTURES / name), *args, stdout=StringIO())
    assert not ArticlePage.objects.exists() and not Comment.objects.exists() and not ImportedObject.objects.exists()
    return str(error.value)


def test_truncated_file_names_the_line_and_column_and_imports_nothing():
    message = refused("truncated.xml")
    assert "truncated.xml is not well-formed XML: unclosed CDATA section (line 30, column 166). Nothing was imported." in message


def test_a_truncated_file_after_good_items_leaves_nothing_half_imported(tmp_path):
    text = (FIXTURES / "wxr12-site.xml").read_text()
    cut = text[: text.index("<title><![CDATA[About us]]></title>")]
    path = tmp_path / "cut.xml"
    path.write_text(cut)
    with pytest.raises(CommandError, match=r"cut.xml is not well-formed XML: .*\(line \d+, column \d+\)"):
        call_command("import_wordpress", str(path), stdout=StringIO())
    assert not ArticlePage.objects.exists() and not Comment.objects.exists()


def test_files_that_are_not_wordpress_exports_say_what_they_are():
    assert "rss-feed.xml is an RSS feed, not a WordPress export" in refused("rss-feed.xml")
    assert "atom.xml is XML with a <feed> root element, not a WordPress export" in refused("atom.xml")
    assert "not-xml.html is an HTML page, not a WordPress export" in refused("not-xml.html")


def test_entity_expansion_is_refused_not_expanded():
    assert "entities.xml was refused: it declares entities or external references (EntitiesForbidden)" in refused("entities.xml")


def test_control_character_is_reported_with_its_line_and_repair_drops_it():
    message = refused("control-character.xml")
    assert "a control character XML does not allow" in message and "--repair" in message and "(line 46, column 43)" in message
    out = StringIO()
    call_command("import_wordpress", str(FIXTURES / "control-character.xml"), "--repair", stdout=out)
    assert "control characters dropped (--repair): 1" in out.getvalue()
    assert Comment.objects.get().body == "Nice post. With a vertical tab."


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no-such.xml: no such file"):
        call_command("import_wordpress", "no-such.xml", stdout=StringIO())


def test_reader_error_carries_line_and_column():
    with pytest.raises(WXRError) as error:
        list(Reader(FIXTURES / "truncated.xml"))
    assert (error.value.line, error.value.column) == (30, 166)


def test_masthead_command_runs_the_import_and_exits_non_zero_on_bad_input(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "masthead.cli", "import-wordpress", str(FIXTURES / "truncated.xml")],
        capture_output=True, text=True, env={"MASTHEAD_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "not well-formed XML: unclosed CDATA section (line 30, column 166)" in result.stderr


def test_progress_bar_shows_items_rate_and_time_left_when_asked(capsys):
    call_command("import_wordpress", str(FIXTURES / "wxr11-no-authors.xml"), "--progress", stdout=StringIO())
    bar = capsys.readouterr().err
    assert "1/1" in bar and "item/s" in bar and "100%" in bar


def test_no_progress_bar_when_not_on_a_terminal(capsys):
    call_command("import_wordpress", str(FIXTURES / "wxr11-no-authors.xml"), stdout=StringIO())
    assert capsys.readouterr().err == ""
