"""Pictures for the demo and the tests, drawn locally with Pillow (no network, no stock
photos to license): a flat landscape (sky, hills, ground, sun) in a section's colours for
lead images, and initials on a colour for authors' portraits. Each is saved as a Wagtail
image, so renditions, srcset and focal points work on them as on an uploaded photo."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

# sky top, sky bottom, far hills, near hills, ground
PALETTES = [
    ("#f2b36b", "#fbe3b5", "#c98b5a", "#9c6440", "#6e4a33"),  # desert afternoon
    ("#5b7fa6", "#cfe0ee", "#7b8f9e", "#4f6272", "#39464f"),  # grey morning
    ("#2c3e66", "#e8957a", "#5c4a6b", "#3b3150", "#241f33"),  # dusk
    ("#8fc1e3", "#eef6fb", "#8aa57a", "#5f7f52", "#3f5a3a"),  # green valley
    ("#c4462f", "#f6c177", "#8a3b2b", "#5e2a22", "#3a1c18"),  # smoke at sunset
    ("#9aa5b1", "#e5e8eb", "#b5a48f", "#8c7b67", "#5d5145"),  # dust haze
]


def _png(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def landscape_png(seed: int, width: int = 1600, height: int = 900) -> bytes:
    rng = random.Random(seed)
    sky_top, sky_bottom, far, near, ground = PALETTES[seed % len(PALETTES)]
    image = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = PILImage.new("RGB", (1, 1), sky_top).getpixel((0, 0)), PILImage.new("RGB", (1, 1), sky_bottom).getpixel((0, 0))
    horizon = int(height * rng.uniform(0.55, 0.7))
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    sun_x, sun_y, r = rng.randint(width // 6, width * 5 // 6), rng.randint(height // 8, horizon // 2), height // 14
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill="#fff4d6")
    for colour, base, amplitude in ((far, horizon - height // 10, height // 7), (near, horizon, height // 9)):
        points, x = [(0, height)], 0
        while x <= width:
            points.append((x, base - rng.randint(0, amplitude)))
            x += rng.randint(width // 14, width // 6)
        points += [(width, base - rng.randint(0, amplitude)), (width, height)]
        draw.polygon(points, fill=colour)
    draw.rectangle([0, horizon + height // 12, width, height], fill=ground)
    return _png(image)


def portrait_png(name: str, seed: int, size: int = 480) -> bytes:
    colour = PALETTES[seed % len(PALETTES)][2]
    image = PILImage.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    try:
        font = ImageFont.load_default(size=size // 3)
    except TypeError:  # Pillow without scalable default fonts
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), initials, fill="#ffffff", font=font, anchor="mm")
    return _png(image)


def save_image(title: str, png: bytes, filename: str, description: str = ""):
    """A Wagtail image from PNG bytes."""
    Image = get_image_model()
    image = Image(title=title, description=description)
    image.file = ImageFile(io.BytesIO(png), name=filename)
    image.save()
    return image


def landscape(title: str, seed: int = 0, width: int = 1600, height: int = 900):
    return save_image(title, landscape_png(seed, width, height), f"landscape-{seed}.png", description=title)


def portrait(name: str, seed: int = 0):
    return save_image(f"Portrait of {name}", portrait_png(name, seed), f"portrait-{seed}.png", description=name)
