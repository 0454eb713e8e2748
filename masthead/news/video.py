"""Video embeds from a pasted URL, worked out locally: no oEmbed or other network call, at
save time or at render time, so a page renders in the same time whatever the video hosts do.

`parse_video_url` turns a watch/share/embed URL into a `Video` (provider, id, iframe src) or
raises ValueError with a sentence the editor can act on.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Video:
    provider: str  # display name: "YouTube", "Vimeo", "Rumble", "Odysee"
    video_id: str
    embed_url: str
    watch_url: str


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")
_RUMBLE_ID = re.compile(r"^v[a-z0-9]{3,12}$")
_ODYSEE_PART = re.compile(r"^[^/?#\s]+$")
# YouTube's start time: t=42, t=42s, t=1m30s, t=1h2m3s (share links) or start=42 (embeds).
_YOUTUBE_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def _youtube_start(query: dict, fragment: str) -> int:
    """Seconds into the video where the link starts (0: the beginning)."""
    values = query.get("t") or query.get("start") or parse_qs(fragment).get("t") or [""]
    match = _YOUTUBE_TIME.match(values[0].strip())
    if not match or not values[0].strip():
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube(host: str, path: str, query: dict, fragment: str = "") -> Video | None:
    if host == "youtu.be":
        candidate = path.strip("/").split("/")[0]
    elif host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["watch"] or not parts:
            candidate = (query.get("v") or [""])[0]
        elif parts[0] in ("embed", "shorts", "live", "v") and len(parts) > 1:
            candidate = parts[1]
        else:
            return None
    else:
        return None
    if not _YOUTUBE_ID.match(candidate):
        raise ValueError("This YouTube link has no video id. Paste the address of the video itself (youtube.com/watch?v=… or youtu.be/…).")
    start = _youtube_start(query, fragment)
    return Video(
        "YouTube",
        candidate,
        f"https://www.youtube-nocookie.com/embed/{candidate}" + (f"?start={start}" if start else ""),
        f"https://www.youtube.com/watch?v={candidate}" + (f"&t={start}s" if start else ""),
    )


def _vimeo(host: str, path: str, query: dict, fragment: str = "") -> Video | None:
    if not host.endswith("vimeo.com"):
        return None
    candidate = next((p for p in path.split("/") if _VIMEO_ID.match(p)), "")
    if not candidate:
        raise ValueError("This Vimeo link has no video number. Paste the address of the video (vimeo.com/123456789).")
    return Video("Vimeo", candidate, f"https://player.vimeo.com/video/{candidate}", f"https://vimeo.com/{candidate}")


def _rumble(host: str, path: str, query: dict, fragment: str = "") -> Video | None:
    if not host.endswith("rumble.com"):
        return None
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "embed" and _RUMBLE_ID.match(parts[1]):
        candidate = parts[1]
        return Video("Rumble", candidate, f"https://rumble.com/embed/{candidate}/", f"https://rumble.com/embed/{candidate}/")
    # Rumble's page address (rumble.com/v4abcd-title.html) does not contain the embed id, and
    # finding it would need a call to Rumble. The editor copies the embed link instead.
    raise ValueError("For Rumble, paste the embed link: on the video, choose Share → Embed and copy the address rumble.com/embed/v…/.")


def _odysee(host: str, path: str, query: dict, fragment: str = "") -> Video | None:
    if not host.endswith("odysee.com"):
        return None
    parts = [p for p in path.split("/") if p]
    if parts[:2] == ["$", "embed"]:
        parts = parts[2:]
    if len(parts) == 2 and parts[0].startswith("@") and all(_ODYSEE_PART.match(p) for p in parts):
        claim = "/".join(quote(p, safe="@:") for p in parts)
    elif len(parts) == 1 and not parts[0].startswith("@") and _ODYSEE_PART.match(parts[0]):
        claim = quote(parts[0], safe=":")
    else:
        raise ValueError("This Odysee link does not point at a video. Paste the video's address (odysee.com/@channel/video).")
    return Video("Odysee", claim, f"https://odysee.com/$/embed/{claim}", f"https://odysee.com/{claim}")


PROVIDERS = (_youtube, _vimeo, _rumble, _odysee)


def parse_video_url(url: str) -> Video:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("Enter the full address of the video, starting with https://")
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    host = host[2:] if host.startswith("m.") else host
    query = parse_qs(parts.query)
    for provider in PROVIDERS:
        video = provider(host, parts.path, query, parts.fragment)
        if video:
            return video
    raise ValueError("Videos from this site cannot be embedded. Use YouTube, Vimeo, Rumble or Odysee.")
