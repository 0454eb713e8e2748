import pytest

from masthead.news.video import parse_video_url


@pytest.mark.parametrize(
    "url, provider, embed",
    [
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"),
        ("https://youtu.be/M7lc1UVf-VE?t=30", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=30"),
        ("https://youtu.be/M7lc1UVf-VE?t=42s", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=42"),
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE&t=1m30s", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=90"),
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE#t=1h0m2s", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=3602"),
        ("https://www.youtube.com/embed/M7lc1UVf-VE?start=42", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=42"),
        ("https://www.youtube.com/watch?v=M7lc1UVf-VE&t=soon", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"),
        ("https://m.youtube.com/shorts/M7lc1UVf-VE", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"),
        ("https://www.youtube.com/embed/M7lc1UVf-VE", "YouTube", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "Vimeo", "https://player.vimeo.com/video/76979871"),
        ("https://rumble.com/embed/v1a2b3c/", "Rumble", "https://rumble.com/embed/v1a2b3c/"),
        ("https://odysee.com/@channel:c/some-video:d", "Odysee", "https://odysee.com/$/embed/@channel:c/some-video:d"),
        ("https://odysee.com/$/embed/@channel:c/some-video:d", "Odysee", "https://odysee.com/$/embed/@channel:c/some-video:d"),
    ],
)
def test_video_url_becomes_embed_without_network(url, provider, embed):
    video = parse_video_url(url)
    assert (video.provider, video.embed_url) == (provider, embed)


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://rumble.com/v4abcd-some-title.html", "For Rumble, paste the embed link: on the video, choose Share → Embed and copy the address rumble.com/embed/v…/."),
        ("https://example.com/video.mp4", "Videos from this site cannot be embedded. Use YouTube, Vimeo, Rumble or Odysee."),
        ("javascript:alert(1)", "Enter the full address of the video, starting with https://"),
        ("https://www.youtube.com/watch?v=short", "This YouTube link has no video id. Paste the address of the video itself (youtube.com/watch?v=… or youtu.be/…)."),
        ("https://vimeo.com/channels/staffpicks", "This Vimeo link has no video number. Paste the address of the video (vimeo.com/123456789)."),
    ],
)
def test_unusable_video_url_is_refused_with_a_sentence(url, message):
    with pytest.raises(ValueError) as error:
        parse_video_url(url)
    assert str(error.value) == message


def test_youtube_start_time_survives_into_the_watch_link():
    assert parse_video_url("https://youtu.be/M7lc1UVf-VE?t=42s").watch_url == "https://www.youtube.com/watch?v=M7lc1UVf-VE&t=42s"
