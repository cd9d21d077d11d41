"""Pictures for the demo: a gradient, soft light and a simple motif, drawn with Pillow (nothing is downloaded)."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from images.models import Image
from images.renditions import ensure_renditions

IMAGE_SIZE = (1200, 800)
# Shapes are drawn at twice the size and scaled down, since Pillow draws without anti-aliasing.
SUPERSAMPLE = 2


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(color: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(color, other, strict=True))


def gradient_background(start: str, end: str, size: tuple[int, int]) -> PILImage.Image:
    """A diagonal gradient from `start` (top left) to `end` (bottom right)."""
    mask = PILImage.linear_gradient("L").rotate(-45, resample=PILImage.Resampling.BICUBIC)
    # The rotated square has black corners; its middle half is a clean diagonal ramp.
    mask = mask.crop((64, 64, 192, 192)).resize(size, PILImage.Resampling.BICUBIC)
    return PILImage.composite(PILImage.new("RGB", size, end), PILImage.new("RGB", size, start), mask)


def soft_circles(size: tuple[int, int], rng: random.Random) -> PILImage.Image:
    """A few large, blurred light circles that give the background some depth."""
    # Drawn and blurred at a quarter of the size, then scaled up: the same soft look at a fraction of the cost.
    width, height = size[0] // 4, size[1] // 4
    layer = PILImage.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(4):
        radius = rng.randint(height // 5, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, rng.randint(18, 40)))
    return layer.filter(ImageFilter.GaussianBlur(6)).resize(size, PILImage.Resampling.BILINEAR)


def scattered_points(
    rng: random.Random, columns: int, rows: int, box: tuple[int, int, int, int], scale: int
) -> list[tuple[int, int]]:
    """One jittered point per grid cell of `box`: random-looking, but spread over the whole area."""
    left, top, right, bottom = box
    cell_w, cell_h = (right - left) / columns, (bottom - top) / rows
    return [
        (
            int((left + (col + rng.uniform(0.2, 0.8)) * cell_w) * scale),
            int((top + (row + rng.uniform(0.2, 0.8)) * cell_h) * scale),
        )
        for row in range(rows)
        for col in range(columns)
    ]


def draw_motif(
    draw: ImageDraw.ImageDraw, motif: str, size: tuple[int, int], accent: tuple[int, ...], rng: random.Random
) -> None:
    """Draws `motif` in white with `accent` details; coordinates are in units of the supersampled canvas."""
    w, h = size
    s = SUPERSAMPLE
    white = (255, 255, 255, 235)
    faint = (255, 255, 255, 120)
    cx, cy = w // 2, h // 2 + 20 * s

    if motif == "skyline":
        ground = h - 150 * s
        x = 90 * s
        while x < w - 90 * s:
            bw = rng.randint(90, 170) * s
            bh = rng.randint(160, 420) * s
            draw.rectangle((x, ground - bh, x + bw, ground), fill=white)
            for wy in range(ground - bh + 24 * s, ground - 30 * s, 44 * s):
                for wx in range(x + 18 * s, x + bw - 30 * s, 38 * s):
                    lit = accent if rng.random() < 0.35 else (*accent[:3], 90)
                    draw.rectangle((wx, wy, wx + 18 * s, wy + 24 * s), fill=lit)
            x += bw + rng.randint(8, 24) * s
        draw.rectangle((0, ground, w, ground + 10 * s), fill=white)
        draw.ellipse((w - 300 * s, 90 * s, w - 190 * s, 200 * s), fill=faint)

    elif motif == "network":
        nodes = scattered_points(rng, 5, 3, (150, 130, 1050, 670), s)
        for x, y in nodes:
            nearest = sorted(nodes, key=lambda node, x=x, y=y: (node[0] - x) ** 2 + (node[1] - y) ** 2)[1:4]
            for nx, ny in nearest:
                draw.line((x, y, nx, ny), fill=faint, width=5 * s)
        for i, (x, y) in enumerate(nodes):
            r = (38 if i % 4 == 0 else 22) * s
            draw.ellipse((x - r, y - r, x + r, y + r), fill=white)
            draw.ellipse((x - r // 2, y - r // 2, x + r // 2, y + r // 2), fill=accent)

    elif motif == "cloud":
        top = cy - 210 * s
        for dx, dy, r in ((-150, 40, 95), (-40, -20, 135), (100, 20, 110), (190, 70, 75)):
            x, y, r = cx + dx * s, top + 120 * s + dy * s, r * s
            draw.ellipse((x - r, y - r, x + r, y + r), fill=white)
        draw.rounded_rectangle((cx - 240 * s, top + 120 * s, cx + 260 * s, top + 215 * s), 45 * s, fill=white)
        for i in range(3):
            y = cy + 60 * s + i * 85 * s
            draw.rounded_rectangle((cx - 200 * s, y, cx + 200 * s, y + 65 * s), 14 * s, fill=faint)
            for j in range(3):
                dot_x = cx + 120 * s + j * 26 * s
                draw.ellipse((dot_x, y + 24 * s, dot_x + 16 * s, y + 40 * s), fill=accent)
            draw.line((cx - 170 * s, y + 32 * s, cx + 40 * s, y + 32 * s), fill=white, width=6 * s)

    elif motif == "document":
        for i in (2, 1, 0):
            x0, y0 = cx - 190 * s + i * 40 * s, cy - 300 * s + i * 30 * s
            fill = white if i == 0 else (255, 255, 255, 90 + 50 * (2 - i))
            draw.rounded_rectangle((x0, y0, x0 + 340 * s, y0 + 450 * s), 18 * s, fill=fill)
        x0, y0 = cx - 190 * s, cy - 300 * s
        draw.rectangle((x0 + 40 * s, y0 + 50 * s, x0 + 220 * s, y0 + 70 * s), fill=accent)
        for row in range(9):
            length = rng.randint(170, 260) * s
            y = y0 + 110 * s + row * 34 * s
            draw.rounded_rectangle((x0 + 40 * s, y, x0 + 40 * s + length, y + 12 * s), 6 * s, fill=(*accent[:3], 110))

    elif motif == "chart":
        base, left = cy + 230 * s, cx - 330 * s
        draw.line((left, cy - 270 * s, left, base), fill=white, width=8 * s)
        draw.line((left, base, cx + 350 * s, base), fill=white, width=8 * s)
        heights = sorted(rng.randint(90, 460) for _ in range(6))
        for i, bar in enumerate(heights):
            x = left + 40 * s + i * 105 * s
            draw.rounded_rectangle((x, base - bar * s, x + 70 * s, base - 8 * s), 10 * s, fill=white)
            draw.rectangle((x, base - bar * s, x + 70 * s, base - bar * s + 14 * s), fill=accent)
        draw.line((left + 60 * s, base - 120 * s, cx + 300 * s, cy - 260 * s), fill=faint, width=10 * s)

    elif motif == "chip":
        half = 150 * s
        for side in range(4):
            for k in range(-2, 3):
                offset = k * 55 * s
                reach = rng.randint(90, 230) * s
                if side == 0:
                    points = (cx + offset, cy - half, cx + offset, cy - half - reach)
                elif side == 1:
                    points = (cx + offset, cy + half, cx + offset, cy + half + reach)
                elif side == 2:
                    points = (cx - half, cy + offset, cx - half - reach, cy + offset)
                else:
                    points = (cx + half, cy + offset, cx + half + reach, cy + offset)
                draw.line(points, fill=faint, width=7 * s)
                end_x, end_y = points[2], points[3]
                draw.ellipse((end_x - 14 * s, end_y - 14 * s, end_x + 14 * s, end_y + 14 * s), fill=white)
        draw.rounded_rectangle((cx - half, cy - half, cx + half, cy + half), 30 * s, fill=white)
        draw.rounded_rectangle((cx - 80 * s, cy - 80 * s, cx + 80 * s, cy + 80 * s), 16 * s, fill=accent)

    elif motif == "school":
        x0, ground = cx - 330 * s, cy + 220 * s
        draw.rectangle((x0, ground - 300 * s, x0 + 420 * s, ground), fill=white)
        draw.polygon(
            [(x0 - 30 * s, ground - 300 * s), (x0 + 210 * s, ground - 470 * s), (x0 + 450 * s, ground - 300 * s)],
            fill=white,
        )
        draw.line((x0 + 210 * s, ground - 470 * s, x0 + 210 * s, ground - 580 * s), fill=white, width=8 * s)
        draw.polygon(
            [(x0 + 214 * s, ground - 580 * s), (x0 + 300 * s, ground - 555 * s), (x0 + 214 * s, ground - 530 * s)],
            fill=accent,
        )
        for col in range(3):
            for row in range(2):
                wx, wy = x0 + 40 * s + col * 130 * s, ground - 260 * s + row * 110 * s
                draw.rectangle((wx, wy, wx + 80 * s, wy + 70 * s), fill=(*accent[:3], 160))
        draw.rectangle((x0 + 180 * s, ground - 90 * s, x0 + 240 * s, ground), fill=accent)
        lx = cx + 150 * s
        draw.rounded_rectangle((lx, ground - 200 * s, lx + 260 * s, ground - 30 * s), 12 * s, fill=white)
        draw.rectangle((lx + 16 * s, ground - 184 * s, lx + 244 * s, ground - 46 * s), fill=accent)
        draw.polygon(
            [(lx - 30 * s, ground - 30 * s), (lx + 290 * s, ground - 30 * s), (lx + 260 * s, ground)], fill=white
        )

    elif motif == "lock":
        shield = [
            (cx, cy - 300 * s),
            (cx + 250 * s, cy - 210 * s),
            (cx + 220 * s, cy + 80 * s),
            (cx, cy + 270 * s),
            (cx - 220 * s, cy + 80 * s),
            (cx - 250 * s, cy - 210 * s),
        ]
        draw.polygon(shield, fill=faint)
        draw.arc((cx - 85 * s, cy - 190 * s, cx + 85 * s, cy - 10 * s), 180, 360, fill=white, width=30 * s)
        draw.line((cx - 70 * s, cy - 100 * s, cx - 70 * s, cy - 40 * s), fill=white, width=30 * s)
        draw.line((cx + 70 * s, cy - 100 * s, cx + 70 * s, cy - 40 * s), fill=white, width=30 * s)
        draw.rounded_rectangle((cx - 135 * s, cy - 50 * s, cx + 135 * s, cy + 150 * s), 24 * s, fill=white)
        draw.ellipse((cx - 24 * s, cy + 5 * s, cx + 24 * s, cy + 53 * s), fill=accent)
        draw.rectangle((cx - 10 * s, cy + 40 * s, cx + 10 * s, cy + 105 * s), fill=accent)

    elif motif == "speech":
        bubbles = (
            (cx - 370 * s, cy - 260 * s, 470, 230, white, "left"),
            (cx - 60 * s, cy + 10 * s, 430, 200, faint, "right"),
        )
        for x0, y0, bw, bh, fill, tail in bubbles:
            draw.rounded_rectangle((x0, y0, x0 + bw * s, y0 + bh * s), 50 * s, fill=fill)
            tx = x0 + 80 * s if tail == "left" else x0 + (bw - 80) * s
            tip = tx - 50 * s if tail == "left" else tx + 50 * s
            draw.polygon(
                [(tx - 30 * s, y0 + bh * s - 5), (tx + 30 * s, y0 + bh * s - 5), (tip, y0 + (bh + 70) * s)], fill=fill
            )
            for row in range(3):
                length = (bw - 120 - rng.randint(0, 140)) * s
                y = y0 + 55 * s + row * 45 * s
                draw.rounded_rectangle(
                    (x0 + 60 * s, y, x0 + 60 * s + length, y + 18 * s), 9 * s, fill=(*accent[:3], 170)
                )

    elif motif == "people":
        count = 5
        spacing = 190 * s
        start = cx - spacing * (count - 1) // 2
        for i in range(count):
            x = start + i * spacing
            scale = 1.0 if i % 2 == 0 else 0.85
            head, body = int(52 * s * scale), int(110 * s * scale)
            y = cy + (0 if i % 2 == 0 else 30 * s)
            fill = white if i % 2 == 0 else faint
            draw.ellipse((x - head, y - 190 * s, x + head, y - 190 * s + 2 * head), fill=fill)
            draw.pieslice((x - body, y - 70 * s, x + body, y - 70 * s + 2 * body), 180, 360, fill=fill)
            draw.rectangle((x - body, y - 70 * s + body - 1, x + body, cy + 80 * s), fill=fill)
        draw.rectangle((cx - 520 * s, cy + 80 * s, cx + 520 * s, cy + 92 * s), fill=white)

    elif motif == "pins":
        for gx in range(0, w, 120 * s):
            draw.line((gx, 0, gx + 200 * s, h), fill=(255, 255, 255, 60), width=3 * s)
        for gy in range(0, h, 120 * s):
            draw.line((0, gy, w, gy - 80 * s), fill=(255, 255, 255, 60), width=3 * s)
        draw.line((0, cy + 140 * s, w, cy - 120 * s), fill=faint, width=22 * s)
        for x, y in scattered_points(rng, 4, 2, (180, 260, 1020, 640), s):
            r = rng.randint(34, 52) * s
            draw.polygon([(x - r * 0.86, y - r * 0.5), (x + r * 0.86, y - r * 0.5), (x, y + r * 1.4)], fill=white)
            draw.ellipse((x - r, y - 2 * r, x + r, y), fill=white)
            draw.ellipse((x - r // 2.5, y - r - r // 2.5, x + r // 2.5, y - r + r // 2.5), fill=accent)

    else:
        raise ValueError(f"Unbekanntes Bildmotiv „{motif}“.")


def draw_picture(colors: tuple[str, str] | list[str], motif: str, seed: int) -> bytes:
    """A 1200×800 JPEG: gradient background, soft light circles and a simple white motif."""
    rng = random.Random(seed)
    start, end = (hex_to_rgb(color) for color in colors)
    picture = gradient_background(colors[0], colors[1], IMAGE_SIZE).convert("RGBA")
    picture.alpha_composite(soft_circles(IMAGE_SIZE, rng))

    big = (IMAGE_SIZE[0] * SUPERSAMPLE, IMAGE_SIZE[1] * SUPERSAMPLE)
    layer = PILImage.new("RGBA", big, (255, 255, 255, 0))
    accent = (*mix(mix(start, end, 0.5), (0, 0, 0), 0.25), 255)
    draw_motif(ImageDraw.Draw(layer), motif, big, accent, rng)
    picture.alpha_composite(layer.reduce(SUPERSAMPLE))

    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


def create_library_image(
    *,
    alt_text: str,
    caption: str,
    credit: str,
    colors: tuple[str, str] | list[str],
    motif: str,
    seed: int,
    filename: str,
) -> Image:
    image = Image(alt_text=alt_text, caption=caption, credit=credit)
    # The ContentFile needs its own name: Django reads width and height only from a named file.
    content = ContentFile(draw_picture(colors, motif, seed), name=filename)
    # FieldFile.save stores the file through the configured storage, then saves the row.
    image.file.save(filename, content, save=True)
    # As the admin does on upload, so pages never make them while a reader waits.
    ensure_renditions(image)
    return image
