"""`manage.py seed_demo`: demo content for an empty database, or synthetic articles for load tests.

Without options the command writes the sections, article types and hand-written articles from
`articles.demo_content` (each with a drawn lead image) into a database that has no articles yet, and the
sample static pages (Impressum, Datenschutz, …) that do not exist yet; pages the editors keep stay untouched.
With `--articles N` it appends N generated articles in bulk, whatever the database already holds.
Images are drawn with Pillow; nothing is downloaded.
"""

import io
import math
import random
import secrets
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from articles import demo_content
from articles.models import Article, ArticleLink, ArticleType, Keyword, KeywordedArticle, Section
from articles.richtext import sanitize_body
from articles.search import refresh_search_index, search_vector_sql
from images.models import Image
from images.renditions import ensure_renditions
from pages.models import Page

IMAGE_SIZE = (1200, 800)
# Shapes are drawn at twice the size and scaled down, since Pillow draws without anti-aliasing.
SUPERSAMPLE = 2
LOAD_TEST_IMAGES = 6
LOAD_TEST_SPAN_DAYS = 3 * 365
PROGRESS_WIDTH = 40

# Word material for load-test articles. The grammar is simple on purpose: every "thing" is an accusative.
LOAD_TEST_TOPICS = [
    "Digitalisierung",
    "E-Government",
    "Onlinezugangsgesetz",
    "Registermodernisierung",
    "Künstliche Intelligenz",
    "Öffentliche Verwaltung",
    "Bürgerportal",
    "E-Akte",
    "Cloud",
    "Open Data",
    "IT-Sicherheit",
    "Datenschutz",
    "Schul-IT",
    "Digitaler Bauantrag",
    "Smart City",
    "Breitband",
    "Fachkräfte",
    "Open Source",
    "Digitale Souveränität",
    "Barrierefreiheit",
    "Bürgerservice",
    "Interkommunale Zusammenarbeit",
    "Vergabe",
    "Förderprogramm",
    "Gesundheitsamt",
    "Kfz-Zulassung",
    "Wohngeld",
    "Ratsinformationssystem",
    "Geodaten",
    "Chatbot",
    "Digitale Identität",
    "E-Rechnung",
    "Haushalt",
    "Landesverwaltung",
    "Kommunen",
    "Nachhaltigkeit",
    "Prozessoptimierung",
    "Verwaltungsmodernisierung",
    "Standards",
    "Interoperabilität",
]
PLACE_PREFIXES = ["", "Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Hohen"]
PLACE_STEMS = [
    "birkenau",
    "lindental",
    "eichenbühl",
    "weidenbrück",
    "tannhausen",
    "mühlbach",
    "rosenfeld",
    "wiesental",
    "buchholz",
    "erlenried",
    "falkenau",
    "hirschwang",
    "kranichfeld",
    "steinhöfel",
    "sonnewalde",
    "ahornstadt",
    "quellingen",
    "ährenfeld",
    "ölbachtal",
    "ulmenhain",
]
LOAD_TEST_THINGS = [
    "die E-Akte",
    "digitale Bauanträge",
    "ein neues Bürgerportal",
    "einen KI-Assistenten",
    "offene Daten",
    "die Online-Terminvergabe",
    "Cloud-Arbeitsplätze",
    "digitale Ratsarbeit",
    "Tablets für alle Schulen",
    "ein Open-Data-Portal",
    "den digitalen Wohngeldantrag",
    "elektronische Rechnungen",
    "Glasfaser für Schulen",
    "einen Chatbot im Bürgerservice",
    "ein neues Sicherheitskonzept",
    "eine gemeinsame Lernplattform",
    "digitale Meldebescheinigungen",
    "einen Mängelmelder",
]
HEADLINE_TEMPLATES = [
    "{place} führt {thing} ein",
    "{place} investiert in {thing}",
    "{place} testet {thing}",
    "{place} setzt auf {thing}",
    "{place} plant {thing} bis Jahresende",
    "Verwaltung in {place} erprobt {thing}",
]
LEAD_TEMPLATES = [
    "Die Verwaltung in {place} hat {thing} eingeführt. Nach den ersten Wochen fällt die Bilanz gemischt aus.",
    "In {place} testet die Verwaltung {thing}, um den Alltag im Rathaus zu erleichtern. Der Pilotversuch läuft seit dem Frühjahr.",
    "Mit rund {amount} € will {place} {thing} voranbringen. Der Rat hat dem Vorhaben zugestimmt.",
    "Bürgerinnen und Bürger in {place} bekommen {thing}. Die Stadt verspricht kürzere Wege.",
]
BODY_SENTENCES = [
    "Das Projekt wurde gemeinsam mit dem kommunalen IT-Dienstleister geplant.",
    "Die Beschäftigten wurden vorab in mehreren Workshops geschult.",
    "Nach Angaben der Verwaltung sinkt die Bearbeitungszeit deutlich.",
    "Der Personalrat war von Beginn an eingebunden.",
    "Die Kosten tragen Land und Kommune gemeinsam.",
    "Für Rückfragen ist eine Servicehotline eingerichtet.",
    "Wer keinen Internetzugang hat, kann Anträge weiterhin im Bürgerbüro stellen.",
    "Die Daten werden ausschließlich in einem deutschen Rechenzentrum verarbeitet.",
    "Andere Kommunen haben bereits Interesse an der Lösung angemeldet.",
    "Im kommenden Jahr sollen weitere Leistungen folgen.",
    "Der Quellcode steht unter einer offenen Lizenz zur Verfügung.",
    "Kritik gab es zunächst an der Bedienbarkeit der Oberfläche.",
    "Eine Umfrage unter Nutzerinnen und Nutzern fiel überwiegend positiv aus.",
    "Die Einführung erfolgt schrittweise, Amt für Amt.",
    "Papierakten werden nach und nach eingescannt und archiviert.",
    "„Wir lernen jeden Tag dazu“, heißt es aus der Projektgruppe.",
    "Die Umstellung soll bis zum Jahresende abgeschlossen sein.",
    "Auch die Barrierefreiheit wurde von einer externen Stelle geprüft.",
]
SUBHEADINGS = ["Wie es weitergeht", "Erste Erfahrungen", "Kritik und Lob", "Blick in die Praxis"]
AUTHOR_SHORTHANDS = ["mk", "sr", "jh", "al", "tf", "ne", "ck", "db", "lw", "pb"]
LOAD_TEST_COLORS = [
    ("#0b3d5c", "#3a8fb7"),
    ("#f2994a", "#5b3a6b"),
    ("#11998e", "#38ef7d"),
    ("#283c86", "#45a247"),
    ("#cc2b5e", "#753a88"),
    ("#f7971e", "#ffd200"),
]


def german_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> "12.345,6": numbers as German readers write them."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(color: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(color, other, strict=True))


# --- Drawing -----------------------------------------------------------------------------------------


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
        raise CommandError(f"Unbekanntes Bildmotiv „{motif}“.")


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


# --- Shared set-up -----------------------------------------------------------------------------------


def ensure_by_slug(model: type[Section] | type[ArticleType], rows: list[dict]) -> dict:
    """The demo rows of `model` by slug; existing rows are kept as they are."""
    found = {}
    for data in rows:
        defaults = {key: value for key, value in data.items() if key != "slug"}
        found[data["slug"]], _ = model.objects.get_or_create(slug=data["slug"], defaults=defaults)
    return found


def ensure_sections() -> dict[str, Section]:
    return ensure_by_slug(Section, demo_content.SECTIONS)


def ensure_article_types() -> dict[str, ArticleType]:
    return ensure_by_slug(ArticleType, demo_content.ARTICLE_TYPES)


def publication_time(now: datetime, days_ago: int, index: int) -> datetime:
    """A plausible office-hours time `days_ago` days before `now` (Berlin time), never in the future."""
    day = timezone.localtime(now).date() - timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.combine(day, clock(7 + (index * 5) % 11, (index * 17) % 60)))
    return min(moment, now - timedelta(minutes=5 + index))


def related_choices(articles: list[Article]) -> dict[Article, list[Article]]:
    """1–3 following articles of the same section (wrapping around), so the choice is stable between runs."""
    by_section: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        by_section[article.section_id].append(article)
    chosen = {}
    for group in by_section.values():
        for position, article in enumerate(group):
            count = min(1 + position % 3, len(group) - 1)
            chosen[article] = [group[(position + step) % len(group)] for step in range(1, count + 1)]
    return chosen


def load_test_keyword_names() -> list[str]:
    """About 200 keywords: the topics plus invented place names such as „Oberbirkenau“."""
    places = [prefix + stem if prefix else stem.capitalize() for prefix in PLACE_PREFIXES for stem in PLACE_STEMS]
    return LOAD_TEST_TOPICS + places


def ensure_keywords(names: list[str]) -> list[int]:
    """Ids of the keywords called `names`, creating missing ones in bulk with unique slugs."""
    # Names compare case-insensitively, as TAGGIT_CASE_INSENSITIVE makes taggit do.
    known_names = {name.lower() for name in Keyword.objects.values_list("name", flat=True)}
    taken_slugs = set(Keyword.objects.values_list("slug", flat=True))
    missing = []
    for name in names:
        if name.lower() in known_names:
            continue
        keyword = Keyword(name=name)
        slug, attempt = keyword.slugify(name), 1
        while slug in taken_slugs:
            slug, attempt = keyword.slugify(name, attempt), attempt + 1
        keyword.slug = slug
        taken_slugs.add(slug)
        known_names.add(name.lower())
        missing.append(keyword)
    Keyword.objects.bulk_create(missing)
    by_name = {name.lower(): pk for pk, name in Keyword.objects.values_list("pk", "name")}
    return [by_name[name.lower()] for name in names]


def ensure_pages() -> list[str]:
    """Create the sample static pages whose address has no page yet; titles of those created."""
    existing = set(Page.objects.values_list("slug", flat=True))
    created = []
    for data in demo_content.PAGES:
        if data["slug"] not in existing:
            Page.objects.create(is_published=True, **data)
            created.append(data["title"])
    return created


def insert_articles(articles: list[Article]) -> None:
    """PostgreSQL: the batch in one `INSERT … SELECT … FROM UNNEST(one array per column)` that computes each
    row's search vector, so each row is written once. bulk_create sends every value (and, for the vector, every
    text once more) as its own parameter: 28 a row, which psycopg splits on the client and the server plans row
    by row; that cost more CPU than the rows themselves. Values are prepared as bulk_create prepares them."""
    fields = [
        field for field in Article._meta.concrete_fields if not field.primary_key and field.name != "search_vector"
    ]
    for article in articles:
        article.body = sanitize_body(article.body)
    columns = [[field.get_db_prep_save(field.pre_save(a, True), connection) for a in articles] for field in fields]
    quote = connection.ops.quote_name
    names = [f"c{number}" for number in range(len(fields))]
    by_field = {field.name: name for field, name in zip(fields, names, strict=True)}
    arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
    vector = search_vector_sql(*(f"v.{by_field[name]}" for name in ("headline", "kicker", "lead", "body")))
    sql = (
        f"INSERT INTO {quote(Article._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}, search_vector) "
        f"SELECT {', '.join(f'v.{name}' for name in names)}, {vector} "
        f"FROM UNNEST({arrays}) WITH ORDINALITY AS v({', '.join(names)}, position) ORDER BY v.position RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)
        ids = [row[0] for row in cursor.fetchall()]
    for article, pk in zip(articles, ids, strict=True):
        article.pk = pk
        article._state.adding = False


@contextmanager
def search_index_set_aside(new_articles: int):
    """PostgreSQL: for a bulk load that is large next to the table, drop the search index and build it again once
    afterwards. Keeping the RUM index current row by row took half the load (10,000 articles: 57 s with it, 28 s
    without, 1.4 s to build it over 20,000); building it costs in proportion to the whole table, hence the ratio.
    Not inside a caller's transaction, which would hold the table's lock for the whole load."""
    indexes = []
    set_aside = connection.vendor == "postgresql" and not connection.in_atomic_block
    if set_aside and new_articles * 20 >= Article.objects.count():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [Article._meta.db_table, "%search_vector%"],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        # Also after a cancelled or failed run: the search never goes without its index.
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)


class Command(BaseCommand):
    help = (
        "Füllt eine leere Datenbank mit Demo-Inhalten (Bereiche, Beitragsarten, Beiträge mit Bildern). "
        "Mit --articles N werden zusätzlich N generierte Beiträge für Lasttests angelegt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            metavar="N",
            help="Legt N zusätzliche, generierte Beiträge für Lasttests an (auch wenn schon Beiträge existieren).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Beiträge pro Stapel beim Lasttest; jeder Stapel ist eine Transaktion (Standard: 1000).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="Startwert des Zufallsgenerators für wiederholbare Lasttestdaten.",
        )

    def handle(self, *args, **options):
        if options["articles"] is not None:
            if options["articles"] < 1:
                raise CommandError("--articles braucht eine Anzahl von mindestens 1.")
            if options["batch_size"] < 1:
                raise CommandError("--batch-size braucht eine Zahl von mindestens 1.")
            self.create_load_test_articles(options["articles"], options["batch_size"], options["seed"])
            return

        created_pages = ensure_pages()
        if created_pages:
            self.stdout.write(f"Muster-Seiten angelegt: {', '.join(created_pages)}.")
        if Article.objects.exists():
            self.stdout.write(
                "Es gibt bereits Beiträge. Demo-Inhalte werden nur in eine leere Datenbank geschrieben; "
                "nichts wurde geändert."
            )
            return
        started = time.monotonic()
        # All or nothing, so a failed run leaves an empty database that can be seeded again.
        with transaction.atomic():
            count = self.create_demo_articles()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} Demo-Beiträge in {len(demo_content.SECTIONS)} Bereichen angelegt "
                f"({german_number(time.monotonic() - started, 1)} s)."
            )
        )

    # --- Demo content ------------------------------------------------------------------------------

    def create_demo_articles(self) -> int:
        sections = ensure_sections()
        types = ensure_article_types()
        now = timezone.now()
        articles = []
        for index, data in enumerate(demo_content.ARTICLES):
            picture = data["image"]
            image = create_library_image(
                alt_text=picture["alt_text"],
                caption=picture["caption"],
                credit=picture["credit"],
                colors=picture["colors"],
                motif=picture["motif"],
                seed=index,
                filename=f"demo-{index + 1:02d}-{picture['motif']}.jpg",
            )
            article = Article(
                kicker=data["kicker"],
                headline=data["headline"],
                lead=data["lead"],
                body=data["body"],
                author_shorthand=data["author_shorthand"],
                section=sections[data["section"]],
                article_type=types[data["article_type"]],
                lead_image=image,
                status=Article.Status.PUBLISHED,
                published_at=publication_time(now, data["days_ago"], index),
            )
            article.save()
            article.keywords.set(data["keywords"])
            ArticleLink.objects.bulk_create(
                ArticleLink(article=article, url=link["url"], label=link["label"], position=position)
                for position, link in enumerate(data["links"])
            )
            articles.append(article)
            self.stdout.write(f"  {article}")
        for article, related in related_choices(articles).items():
            article.related.set(related)
        return len(articles)

    # --- Load test ---------------------------------------------------------------------------------

    def create_load_test_articles(self, count: int, batch_size: int, seed: int | None) -> None:
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            sections = list(Section.objects.all()) or list(ensure_sections().values())
            types = list(ArticleType.objects.all()) or list(ensure_article_types().values())
            keyword_ids = ensure_keywords(load_test_keyword_names())
            images = [
                create_library_image(
                    alt_text=f"Illustration für Lasttests: Motiv „{motif}“ auf Farbverlauf",
                    caption="Platzhalterbild für Lasttests",
                    credit="Newsroom-Lasttest / Grafik: automatisch erzeugt",
                    colors=LOAD_TEST_COLORS[number],
                    motif=motif,
                    seed=1000 + number,
                    filename=f"lasttest-{motif}.jpg",
                )
                for number, motif in enumerate(rng.sample(demo_content.MOTIFS, LOAD_TEST_IMAGES))
            ]
        # Plain news dominate, as on the real portal.
        type_weights = [1 if article_type.shows_badge else 6 for article_type in types]
        places = load_test_keyword_names()[len(LOAD_TEST_TOPICS) :]
        prefix = self.unused_slug_prefix()
        now = timezone.now()
        span_seconds = LOAD_TEST_SPAN_DAYS * 24 * 3600

        self.stdout.write(f"Lege {german_number(count)} Lasttest-Beiträge an (Adressen „{prefix}…“).")
        self.progress(0, count)
        with search_index_set_aside(count):
            for batch_start in range(0, count, batch_size):
                numbers = range(batch_start, min(batch_start + batch_size, count))
                articles = []
                for number in numbers:
                    place, thing = rng.choice(places), rng.choice(LOAD_TEST_THINGS)
                    articles.append(
                        Article(
                            kicker=place if rng.random() < 0.6 else rng.choice(LOAD_TEST_TOPICS),
                            headline=rng.choice(HEADLINE_TEMPLATES).format(place=place, thing=thing),
                            slug=f"{prefix}{number + 1}",
                            lead=rng.choice(LEAD_TEMPLATES).format(
                                place=place, thing=thing, amount=german_number(rng.randrange(50, 5000) * 1000)
                            ),
                            body=self.synthetic_body(rng),
                            author_shorthand=rng.choice(AUTHOR_SHORTHANDS),
                            section=rng.choice(sections),
                            article_type=rng.choices(types, weights=type_weights)[0],
                            lead_image=rng.choice(images) if rng.random() < 0.9 else None,
                            status=Article.Status.PUBLISHED,
                            published_at=now - timedelta(seconds=rng.randint(60, span_seconds)),
                        )
                    )
                # One transaction per batch: a cancelled run keeps what is done and never holds one huge lock.
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        insert_articles(articles)
                    else:
                        Article.objects.bulk_create(articles)
                    if any(article.pk is None for article in articles):
                        # Databases that cannot return ids from a bulk insert: look them up by slug.
                        ids = dict(
                            Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk")
                        )
                        for article in articles:
                            article.pk = ids[article.slug]
                    KeywordedArticle.objects.bulk_create(
                        KeywordedArticle(content_object_id=article.pk, tag_id=keyword_id)
                        for article in articles
                        for keyword_id in rng.sample(keyword_ids, rng.randint(2, 5))
                    )
                    if connection.vendor != "postgresql":
                        # bulk_create skips Article.save(), which keeps SQLite's search table current; on
                        # PostgreSQL the insert has computed each search vector already.
                        refresh_search_index(article.pk for article in articles)
                self.progress(numbers.stop, count)

        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{german_number(count)} Lasttest-Beiträge angelegt in {german_number(elapsed, 1)} s "
                f"({german_number(count / elapsed if elapsed else count)} Beiträge pro Sekunde)."
            )
        )

    @staticmethod
    def unused_slug_prefix() -> str:
        """A random slug prefix that no article uses yet, so generated slugs cannot collide."""
        while True:
            prefix = f"lasttest-{secrets.token_hex(4)}-"
            if not Article.objects.filter(slug__startswith=prefix).exists():
                return prefix

    @staticmethod
    def synthetic_body(rng: random.Random) -> str:
        # Sentences are drawn once for the whole body, so none repeats within an article.
        sizes = [rng.randint(2, 3) for _ in range(rng.randint(3, 5))]
        sentences = iter(rng.sample(BODY_SENTENCES, sum(sizes)))
        blocks = []
        for number, size in enumerate(sizes):
            if number == 2 and rng.random() < 0.3:
                blocks.append(f"<h2>{rng.choice(SUBHEADINGS)}</h2>")
            blocks.append(f"<p>{' '.join(next(sentences) for _ in range(size))}</p>")
        return "".join(blocks)

    def progress(self, done: int, total: int) -> None:
        filled = math.floor(PROGRESS_WIDTH * done / total) if total else PROGRESS_WIDTH
        bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {german_number(done)}/{german_number(total)}", ending="")
        self.stdout.flush()
