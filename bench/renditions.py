"""Renditions: time to make every rendition of a 24-megapixel JPEG, and article page time once they exist.

Runs against a throwaway SQLite database and media folder (nothing of the project is touched):
    make bench    or    DEBUG=true DJANGO_SETTINGS_MODULE=newsroom.settings PYTHONPATH=. .venv/bin/python bench/renditions.py
"""

import io
import statistics
import time

from _sandbox import throwaway_django

throwaway_django("bench-renditions-")

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageFilter  # noqa: E402

from articles.models import Article, ArticleType, Section  # noqa: E402
from images.models import Image  # noqa: E402
from images.renditions import ensure_renditions  # noqa: E402

SIZE = (6000, 4000)
RUNS = 3
PAGE_RUNS = 30


def photo_like_jpeg() -> bytes:
    """6000×4000: a gradient with soft detail and fine grain, compressing about like a photograph."""
    grain = PILImage.effect_noise(SIZE, 24).convert("RGB")
    shapes = PILImage.linear_gradient("L").resize(SIZE).convert("RGB")
    picture = PILImage.blend(shapes, grain, 0.35).filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    data = photo_like_jpeg()
    image = Image(alt_text="Benchmark", credit="Benchmark")
    image.file.save("bench.jpg", ContentFile(data, name="bench.jpg"), save=True)

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        renditions = ensure_renditions(image, force=True)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    ensure_renditions(image)
    unchanged = time.perf_counter() - started

    section = Section.objects.create(name="Bench", slug="bench")
    article_type = ArticleType.objects.create(name="Meldung", slug="meldung", shows_badge=False)
    article = Article.objects.create(
        headline="Benchmark-Beitrag",
        lead="Vorspann",
        body="<p>Text</p>" * 20,
        section=section,
        article_type=article_type,
        lead_image=image,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for n in range(5):
        Article.objects.create(
            headline=f"Verwandt {n}",
            lead="Vorspann",
            section=section,
            article_type=article_type,
            lead_image=image,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    client = Client(HTTP_HOST="localhost")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200  # warm-up
    page_times = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200

    total_bytes = sum(r.file.size for r in renditions)
    print(f"source: {SIZE[0]}×{SIZE[1]} JPEG, {len(data) / 1e6:.1f} MB")
    print(f"renditions: {len(renditions)} files, {total_bytes / 1e6:.2f} MB together")
    print(f"make all renditions: median {statistics.median(timings):.2f} s, min {min(timings):.2f} s ({RUNS} runs)")
    print(f"ensure when nothing changed: {unchanged * 1000:.0f} ms (hash of the file + one query)")
    print(
        f"article page (lead image + 5 teasers, renditions made): median {statistics.median(page_times) * 1000:.1f} ms, "
        f"p90 {sorted(page_times)[int(PAGE_RUNS * 0.9) - 1] * 1000:.1f} ms ({PAGE_RUNS} requests)"
    )


if __name__ == "__main__":
    main()
