"""Bad, odd and hostile WordPress exports: clear German messages, nothing half-written, nothing fetched."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article, Byline, Keyword, Section
from images.models import Image
from tests.factories import SectionFactory
from tests.wordpress_helpers import draw_uploads, post, run_import, theme_export, wxr
from wordpress import markup
from wordpress.models import ImportedItem
from wordpress.wxr import MAX_FIELD_CHARS

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str, name: str = "export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path, message: str, **options):
    with pytest.raises(CommandError) as raised:
        run_import(path, **options)
    assert message in str(raised.value)
    assert Article.objects.count() == Section.objects.count() == Keyword.objects.count() == 0
    assert ImportedItem.objects.count() == 0
    return str(raised.value)


def test_a_file_that_is_not_xml_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(b"PK\x03\x04 eine ZIP-Datei")
    refused(path, "Die Datei ist keine XML-Datei und damit kein WordPress-Export (WXR).")


def test_malformed_xml_is_refused_with_its_position(tmp_path):
    text = wxr(post(1)).replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>1</wp:post_ID>")
    refused(write(tmp_path, text), "Die Exportdatei ist kein gültiges XML (Zeile")


def test_a_truncated_export_is_refused_and_nothing_is_written(tmp_path):
    text = theme_export().read_text(encoding="utf-8")
    message = refused(write(tmp_path, text[: len(text) // 2]), "Die Exportdatei ist unvollständig")
    assert "noch einmal erstellen" in message


def test_an_entity_expansion_bomb_is_refused_without_expanding(tmp_path):
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
    bomb += "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    bomb += "]>\n" + wxr(post(1, content="&i;")).split("\n", 1)[1]
    refused(write(tmp_path, bomb), "Dokumenttyp-Deklaration (DOCTYPE)")


def test_external_entities_are_refused_and_never_read(tmp_path):
    secret = write(tmp_path, "geheim", "secret.txt")
    text = f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
    text += wxr(post(1, title="&x;")).split("\n", 1)[1]
    refused(write(tmp_path, text), "Dokumenttyp-Deklaration (DOCTYPE)")


def test_an_unknown_wxr_version_is_refused(tmp_path):
    refused(write(tmp_path, wxr(post(1), version="2.0")), "Die WXR-Version „2.0“ wird nicht unterstützt")


def test_xml_that_is_not_a_wordpress_export_is_refused(tmp_path):
    refused(write(tmp_path, '<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>'), "wxr_version fehlt")
    refused(write(tmp_path, '<?xml version="1.0"?><html><body/></html>'), "das Wurzelelement ist kein <rss>")


def test_wxr_1_0_and_1_1_exports_import(tmp_path):
    run_import(write(tmp_path, wxr(post(1, title="Alt"), version="1.0"), "a.xml"))
    run_import(write(tmp_path, wxr(post(2, title="Mittel"), version="1.1"), "b.xml"))
    assert set(Article.objects.values_list("headline", flat=True)) == {"Alt", "Mittel"}


def test_cdata_inside_cdata_keeps_the_text_that_wordpress_split(tmp_path):
    # WordPress writes "]]>" inside content as "]]]]><![CDATA[>".
    content = "<p>Der Ausdruck a[b[0]]]]><![CDATA[> bleibt stehen.</p>"
    run_import(write(tmp_path, wxr(post(1, content=content))))
    article = Article.objects.get()
    assert article.lead == "Der Ausdruck a[b[0]]> bleibt stehen."


def test_backslashes_and_slashes_in_content_survive(tmp_path):
    content = (
        r"<p>Pfad C:\Verwaltung\Akten\neu und /var/www/html/ sowie \\server\freigabe und \n bleibt.</p><p>Zweiter.</p>"
    )
    run_import(write(tmp_path, wxr(post(1, title=r"Ordner C:\Akten / 2024", content=content))))
    article = Article.objects.get()
    assert article.headline == r"Ordner C:\Akten / 2024"
    assert article.lead == r"Pfad C:\Verwaltung\Akten\neu und /var/www/html/ sowie \\server\freigabe und \n bleibt."


def test_multi_line_author_fields_are_read_as_one_line(tmp_path):
    head = """<wp:author><wp:author_login><![CDATA[
      anna
    ]]></wp:author_login><wp:author_display_name><![CDATA[Anna
       Beispiel-Schmidt]]></wp:author_display_name></wp:author>"""
    run_import(write(tmp_path, wxr(post(1, creator="\n   anna\n  ") + post(2, creator="bert"), head=head)))
    assert Article.objects.get(headline="Ein Beitrag", slug="beitrag-1").author_shorthand == "abs"
    assert Article.objects.get(slug="beitrag-2").author_shorthand == "ber"
    run_import(write(tmp_path, wxr(post(3, creator="anna"), head=head), "b.xml"), authors=["anna=ab"])
    assert Article.objects.get(slug="beitrag-3").author_shorthand == "ab"
    # One contributor for Anna over both imports, named as WordPress shows her; Bert has no wp:author entry.
    bylines = [(b.article.slug, b.contributor.name) for b in Byline.objects.order_by("article__slug")]
    assert bylines == [("beitrag-1", "Anna Beispiel-Schmidt"), ("beitrag-3", "Anna Beispiel-Schmidt")]


def test_namespaces_declared_in_unusual_places_and_with_other_prefixes(tmp_path):
    item = """<item xmlns:w="http://wordpress.org/export/1.2/" xmlns:c="http://purl.org/rss/1.0/modules/content/">
      <title>Namensräume</title><link>https://blog.example/namensraeume/</link>
      <c:encoded xmlns:c="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Inhalt.</p>]]></c:encoded>
      <w:post_id>7</w:post_id><w:post_date_gmt>2020-01-02 03:04:05</w:post_date_gmt><w:post_name>namensraeume</w:post_name>
      <w:status>publish</w:status><w:post_type>post</w:post_type>
      <category domain="category" nicename="politik">Politik</category></item>"""
    text = wxr(namespaces="").replace("<channel>", '<channel xmlns:wp="http://wordpress.org/export/1.2/">')
    run_import(write(tmp_path, text.replace("</channel>", item + "</channel>")))
    article = Article.objects.get()
    assert (article.headline, article.lead, article.section.slug) == ("Namensräume", "Inhalt.", "politik")


def test_a_huge_field_skips_that_post_with_a_message_and_imports_the_rest(tmp_path):
    huge = "<p>" + "x" * (MAX_FIELD_CHARS + 1) + "</p>"
    out, _ = run_import(write(tmp_path, wxr(post(1, content=huge) + post(2, title="Normal"))))
    assert list(Article.objects.values_list("headline", flat=True)) == ["Normal"]
    assert "„Ein Beitrag“ (WordPress-ID 1): Feld zu groß (content:encoded): nicht übernommen" in out


def test_bad_option_values_give_clear_messages(tmp_path):
    path = write(tmp_path, wxr(post(1)))
    refused(path, "--section-map: „politik“ hat nicht die Form name=wert.", section_map=["politik"])
    refused(path, "Der Upload-Ordner", uploads=str(tmp_path / "fehlt"))


def test_section_map_puts_a_category_into_an_existing_section(tmp_path):
    section = SectionFactory(name="Praxis", slug="praxis")
    cats = '<category domain="category" nicename="news"><![CDATA[News]]></category>'
    run_import(write(tmp_path, wxr(post(1, categories=cats))), section_map=["news=praxis"])
    assert Article.objects.get().section == section
    assert Section.objects.count() == 1


def test_a_category_named_like_a_reserved_address_does_not_take_it(tmp_path):
    cats = '<category domain="category" nicename="archiv"><![CDATA[Archiv]]></category>'
    run_import(write(tmp_path, wxr(post(1, categories=cats))))
    assert Article.objects.get().section.slug == "archiv-bereich"


def test_attachment_paths_never_leave_the_uploads_folder(tmp_path):
    uploads = draw_uploads(tmp_path / "uploads", theme_export())
    outside = tmp_path / "outside.jpg"
    outside.write_bytes((uploads / "2008/06/canola2.jpg").read_bytes())
    attachment = """<item><title>Ausflug</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type>
      <wp:status>inherit</wp:status><wp:attachment_url>https://blog.example/wp-content/uploads/../../outside.jpg</wp:attachment_url>
      <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>../outside.jpg</wp:meta_value></wp:postmeta>
      </item>"""
    out, _ = run_import(write(tmp_path, wxr(attachment)), uploads=uploads)
    assert Image.objects.count() == 0
    assert "„Ausflug“ (WordPress-ID 9): Bilddatei fehlt im Upload-Ordner" in out


def test_a_credit_line_becomes_the_credit_and_leaves_the_caption(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2024/05").mkdir(parents=True)
    (uploads / "2024/05/rathaus.png").write_bytes(
        (draw_uploads(tmp_path / "x", theme_export()) / "2008/06/canola2.jpg").read_bytes()
    )
    attachment = """<item><title>Rathaus</title><wp:post_id>5</wp:post_id><wp:post_type>attachment</wp:post_type>
      <wp:status>inherit</wp:status><wp:attachment_url>https://blog.example/wp-content/uploads/2024/05/rathaus.png</wp:attachment_url>
      <excerpt:encoded><![CDATA[Das neue Rathaus am Markt.
Foto: Anna Beispiel]]></excerpt:encoded>
      <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Rathaus mit Glasfassade</wp:meta_value></wp:postmeta>
      </item>"""
    meta = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>5</wp:meta_value></wp:postmeta>"
    run_import(write(tmp_path, wxr(attachment + post(1, meta=meta))), uploads=uploads)
    image = Image.objects.get()
    assert (image.credit, image.caption, image.alt_text) == (
        "Anna Beispiel",
        "Das neue Rathaus am Markt.",
        "Rathaus mit Glasfassade",
    )
    article = Article.objects.get()
    assert article.lead_image == image and article.is_published()


def test_wordpress_markup_becomes_clean_body_html():
    content = (
        "Erster Absatz\nmit Umbruch.\n\n"
        '[caption id="attachment_1" width="300"]<img src="https://blog.example/a.jpg"> Bildtext[/caption]\n\n'
        '[gallery ids="1,2"]\n\n'
        "Ein [sic] und [[gallery]] bleiben.\n\n"
        "[embed]https://video.example/v/1[/embed]\n\n"
        "<!--more-->Nach dem Mehr-Link."
    )
    html = markup.convert_body(content)
    assert html.startswith("<p>Erster Absatz<br>\nmit Umbruch.</p>")
    assert "caption" not in html and "Bildtext" not in html and "<img" not in html and "[gallery ids" not in html
    assert "Ein [sic] und [gallery] bleiben." in html
    assert '<a href="https://video.example/v/1">https://video.example/v/1</a>' in html
    assert "<!--" not in html and "Nach dem Mehr-Link." in html
    blocks = '<!-- wp:paragraph -->\n<p>Block</p>\n<!-- /wp:paragraph -->\n<!-- wp:image -->\n<figure class="wp-block-image"><img src="x.jpg"/><figcaption>Unterschrift</figcaption></figure>\n<!-- /wp:image -->'
    assert markup.convert_body(blocks) == "<p>Block</p>"


def test_a_post_that_fails_midway_leaves_nothing_behind_and_a_rerun_finishes(tmp_path, monkeypatch):
    from articles.models import ArticleRedirect, KeywordedArticle

    tag = '<category domain="post_tag" nicename="haushalt"><![CDATA[Haushalt]]></category>'
    posts = post(1, meta=tag) + post(2, title="Zweiter", meta=tag) + post(3, title="Dritter", meta=tag)
    path = write(tmp_path, wxr(posts))
    real_bulk_create = KeywordedArticle.objects.bulk_create

    def failing_for_the_second(objs, *args, **kwargs):
        objs = list(objs)
        if any(row.content_object.headline == "Zweiter" for row in objs):
            raise OSError("Datenträger voll")
        return real_bulk_create(objs, *args, **kwargs)

    # Fault injection: writing the second post's keywords fails after its article row was written (in the
    # batch's bulk insert, and again when the posts are written one by one).
    monkeypatch.setattr(KeywordedArticle.objects, "bulk_create", failing_for_the_second)
    out, _ = run_import(path)
    assert "„Zweiter“ (WordPress-ID 2): nicht übernommen (OSError: Datenträger voll)" in out
    assert set(Article.objects.values_list("headline", flat=True)) == {"Ein Beitrag", "Dritter"}
    assert not ArticleRedirect.objects.filter(old_path="/2021/03/04/beitrag-2/").exists()
    assert not ImportedItem.objects.filter(kind="post", wp_id=2).exists()
    monkeypatch.undo()
    out, _ = run_import(path)
    assert "Beiträge: 2 unverändert, 1 angelegt" in out
    assert Article.objects.get(headline="Zweiter").keywords.count() == 1


def picture_attachment(wp_id: int, path: str, title: str = "Rathaus", parent: int = 0) -> str:
    return f"""<item><title>{title}</title><wp:post_id>{wp_id}</wp:post_id><wp:post_type>attachment</wp:post_type>
      <wp:post_parent>{parent}</wp:post_parent><wp:status>inherit</wp:status>
      <wp:attachment_url>https://blog.example/wp-content/uploads/{path}</wp:attachment_url>
      <excerpt:encoded><![CDATA[Bildtext {wp_id}]]></excerpt:encoded>
      <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt {wp_id}</wp:meta_value></wp:postmeta>
      </item>"""


def test_body_pictures_from_the_uploads_become_figures_and_nothing_else_is_fetched_or_kept(tmp_path, local_server):
    uploads = tmp_path / "uploads"
    (uploads / "2021/03").mkdir(parents=True)
    drawn = draw_uploads(tmp_path / "x", theme_export()) / "2008/06/canola2.jpg"
    for name in ("rathaus.jpg", "markt.jpg"):
        (uploads / "2021/03" / name).write_bytes(drawn.read_bytes())
    content = (
        "Vorher.\n\n"
        f'[caption id="attachment_99"]<img src="{local_server.url}/fremd.jpg"> Fremdes Bild[/caption]\n\n'
        '[caption id="attachment_10" align="alignleft" width="40"]<a href="https://blog.example/?attachment_id=10">'
        '<img class="wp-image-10" src="https://blog.example/wp-content/uploads/2021/03/rathaus-300x200.jpg?w=300" '
        'alt="Im Text" width="40" height="27"></a> Das <em>neue</em> Rathaus[/caption]\n\n'
        f'Ein Zählpixel <img src="{local_server.url}/pixel.gif" alt=""> im Satz.\n\n'
        '<img src="https://blog.example/wp-content/uploads/2021/03/fehlt.jpg">\n\n'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">\n\n'
        '<p style="text-align: center;"><img src="/wp-content/uploads/2021/03/markt.jpg" alt="Markt"></p>\n\n'
        '[gallery ids="11,10"]\n\n'
        "Nachher."
    )
    items = (
        picture_attachment(10, "2021/03/rathaus.jpg")
        + picture_attachment(11, "2021/03/fehlt.jpg", "Fehlt")
        + picture_attachment(12, "2021/03/markt.jpg", "Markt")
        + post(1, content=content)
    )
    out, _ = run_import(write(tmp_path, wxr(items)), uploads=uploads)
    body = Article.objects.get().body
    rathaus = Image.objects.get(alt_text="Alt 10").rendition(width=960, fmt="jpeg")
    markt = Image.objects.get(alt_text="Alt 12").rendition(width=960, fmt="jpeg")
    assert body.startswith(
        "<p>Fremdes Bild</p>\n"
        f'<figure><img src="{rathaus.file.url}" alt="Alt 10" width="40" height="27">'
        "<figcaption>Das <em>neue</em> Rathaus</figcaption></figure>\n<p>Ein Zählpixel  im Satz.</p>\n"
        f'<figure><img src="{markt.file.url}" alt="Alt 12" width="96" height="64"></figure>\n'
        f'<figure><img src="{rathaus.file.url}" alt="Alt 10" width="96" height="64">'
        "<figcaption>Bildtext 10</figcaption></figure>\n<p>Nachher.</p>"
    ), body
    assert local_server.requests == []  # the importer never asks any address in an export
    assert "data:" not in body and "fehlt" not in body and "<p></p>" not in body
    assert f"Bild im Text entfernt, es stammt nicht aus den Uploads des Exports: {local_server.url}/pixel.gif" in out
    assert "Bild im Text entfernt, Bilddatei fehlt oder wurde abgelehnt (Anhang 11)" in out
    assert "nicht aus den Uploads des Exports: data:image/gif" in out


def test_block_editor_images_and_galleries_become_figures(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2021/03").mkdir(parents=True)
    drawn = draw_uploads(tmp_path / "x", theme_export()) / "2008/06/canola2.jpg"
    (uploads / "2021/03/rathaus.jpg").write_bytes(drawn.read_bytes())
    src = "https://blog.example/wp-content/uploads/2021/03/rathaus-1024x683.jpg"
    content = (
        "<!-- wp:paragraph -->\n<p>Block</p>\n<!-- /wp:paragraph -->\n"
        f'<!-- wp:image {{"id":10}} -->\n<figure class="wp-block-image size-large"><img src="{src}" alt="" '
        'class="wp-image-10"/><figcaption class="wp-element-caption">Unterschrift</figcaption></figure>\n<!-- /wp:image -->\n'
        '<!-- wp:gallery {"linkTo":"none"} -->\n<figure class="wp-block-gallery has-nested-images">'
        f'<!-- wp:image {{"id":10}} -->\n<figure class="wp-block-image"><img src="{src}" data-id="10"/></figure>\n'
        '<!-- /wp:image --><figcaption class="blocks-gallery-caption">Eine Galerie</figcaption></figure>\n'
        "<!-- /wp:gallery -->"
    )
    run_import(
        write(tmp_path, wxr(picture_attachment(10, "2021/03/rathaus.jpg") + post(1, content=content))), uploads=uploads
    )
    url = Image.objects.get().rendition(width=960, fmt="jpeg").file.url
    figure = f'<figure><img src="{url}" alt="Alt 10" width="96" height="64">'
    article = Article.objects.get()
    assert article.lead == "Block"
    assert article.body == (
        f"{figure}<figcaption>Unterschrift</figcaption></figure>\n{figure}</figure>\n<p>Eine Galerie</p>"
    )
