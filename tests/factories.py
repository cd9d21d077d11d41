"""Factories for test data; every test builds what it needs from these."""

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import ExifTags
from PIL import Image as PILImage

from articles.models import Article, ArticleLink, ArticleType, Section
from images.models import Image
from images.renditions import ensure_renditions


def jpeg_bytes(width: int = 800, height: int = 533, color: str = "#3a6ea5") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def camera_jpeg(size=(400, 200), orientation: int | None = None) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera make, optionally an orientation tag.
    Left half red, right half blue, so rotation and crops can be seen in the pixels."""
    picture = PILImage.new("RGB", size, "blue")
    picture.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Beispielkamera"
    exif[ExifTags.Base.Artist] = "Erika Mustermann"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Bereich {n}")
    slug = factory.Sequence(lambda n: f"bereich-{n}")


class ArticleTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleType
        django_get_or_create = ["slug"]

    name = "Meldung"
    slug = "meldung"
    shows_badge = False


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image
        skip_postgeneration_save = True

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="bild.jpg"))
    alt_text = factory.Sequence(lambda n: f"Ein Rathaus mit Glasfassade, Ansicht {n}")
    caption = "Das neue Bürgerbüro öffnet im Frühjahr."
    credit = factory.Sequence(lambda n: f"Pressestelle Musterstadt {n}")

    @factory.post_generation
    def renditions(self, create, extracted, **kwargs):
        """Made at once, as the admin does on upload; `ImageFactory(renditions=False)` leaves them to be made lazily."""
        if create and extracted is not False:
            ensure_renditions(self)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    kicker = "Musterland"
    headline = factory.Sequence(lambda n: f"Digitale Bauanträge starten landesweit {n}")
    slug = factory.Sequence(lambda n: f"digitale-bauantraege-{n}")
    lead = "Das Land stellt seine Bauämter auf ein gemeinsames Online-Verfahren um."
    body = "<p>Ab dem Sommer reichen Bauherren ihre Unterlagen über das Portal ein.</p>"
    author_shorthand = "ab"
    section = factory.SubFactory(SectionFactory, name="Politik", slug="politik")
    article_type = factory.SubFactory(ArticleTypeFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        if create and extracted:
            self.keywords.set(extracted)

    @factory.post_generation
    def links(self, create, extracted, **kwargs):
        if create and extracted:
            for position, (url, label) in enumerate(extracted):
                ArticleLink.objects.create(article=self, url=url, label=label, position=position)


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Contributor"

    name = factory.Sequence(lambda n: f"Anna Beispiel {n}")
    slug = factory.Sequence(lambda n: f"anna-beispiel-{n}")
    role = "Redakteurin"
    bio = "Schreibt über Register und Daten."


def name_in_byline(article, *contributors, role="text"):
    """Bylines for `article` in the given order, all in `role`."""
    from articles.models import Byline

    for position, contributor in enumerate(contributors, start=1):
        Byline.objects.create(article=article, contributor=contributor, role=role, position=position)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; `roles=["Redaktion"]` puts them into the groups the roles migration created."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"Person {n}")
    is_staff = True
    password = factory.django.Password("geheim-und-lang-genug")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.set(Group.objects.filter(name__in=extracted))
