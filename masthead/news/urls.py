from django.urls import path, register_converter

from masthead.news import feeds, oembed, search, sitemaps, views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if year < 1:
            raise ValueError("There is no year 0.")  # no match: a 404
        return year

    def to_url(self, value):
        return f"{value:04d}"


class TwoDigitMonth:
    regex = "[0-9]{2}"
    to_python = int

    def to_url(self, value):
        return f"{value:02d}"


class UnicodeSlug:
    """A tag's slug as taggit makes it: letters of any script (حلب, москва), digits, - and _."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FourDigitYear, "yyyy")
register_converter(UnicodeSlug, "uslug")
register_converter(TwoDigitMonth, "mm")

urlpatterns = [
    path("<yyyy:year>/", views.year_archive, name="year_archive"),
    path("<yyyy:year>/<mm:month>/", views.month_archive, name="month_archive"),
    path("tag/<uslug:slug>/", views.tag_archive, name="tag_archive"),
    path("author/<uslug:slug>/", views.author_page, name="author"),
    path("search/", search.search_view, name="search"),
    path("feed/", feeds.SiteFeed().as_view(), name="site_feed"),
    path("feed/atom/", feeds.SiteAtomFeed().as_view(), name="site_atom_feed"),
    path("feed/section/<slug:slug>/", feeds.SectionFeed().as_view(), name="section_feed"),
    path("feed/section/<slug:slug>/atom/", feeds.SectionAtomFeed().as_view(), name="section_atom_feed"),
    path("feed/tag/<uslug:slug>/", feeds.TagFeed().as_view(), name="tag_feed"),
    path("feed/tag/<uslug:slug>/atom/", feeds.TagAtomFeed().as_view(), name="tag_atom_feed"),
    path("feed/author/<int:author_id>/", feeds.AuthorFeed().as_view(), name="author_feed"),
    path("feed/author/<int:author_id>/atom/", feeds.AuthorAtomFeed().as_view(), name="author_atom_feed"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("oembed/", oembed.oembed, name="oembed"),
    path("embed/article/<int:article_id>/", oembed.article_card, name="article_card"),
]
