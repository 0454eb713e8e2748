from django.urls import path, register_converter

from masthead.news import views


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
]
