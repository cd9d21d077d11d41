from django import template

from articles import seo

register = template.Library()


@register.simple_tag
def news_article_json_ld(article):
    """schema.org NewsArticle of the article, as an escaped JSON-LD element."""
    return seo.json_ld(seo.news_article_data(article))


@register.simple_tag
def breadcrumb_json_ld(article):
    """schema.org BreadcrumbList of the article page, as an escaped JSON-LD element."""
    return seo.json_ld(seo.breadcrumb_data(article))


@register.filter
def lead_image_url(article):
    return seo.lead_image_url(article)
