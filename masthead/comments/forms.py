"""The "Leave a Reply" form: WordPress's field names (author, email, url, comment), checked
on the server, every message a sentence the reader can act on."""

from django import forms
from django.core.validators import URLValidator

from masthead.comments.models import Comment

MAX_COMMENT_LENGTH = 5000


class WebsiteField(forms.URLField):
    """A URL field that accepts only http and https (no javascript:, data:, ftp:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    author = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Please enter your name.", "max_length": "Please shorten your name to %(limit_value)d characters."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={"required": "Please enter your email address. It will not be published.", "invalid": "Please enter a valid email address, like name@example.org."},
    )
    url = WebsiteField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a web address starting with http:// or https://, or leave it empty."},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        max_length=MAX_COMMENT_LENGTH,
        error_messages={
            "required": "Please write a comment.",
            "max_length": "Please shorten your comment to %(limit_value)d characters (it has %(show_value)d).",
        },
    )
    article = forms.IntegerField(widget=forms.HiddenInput)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id, status=Comment.Status.APPROVED).first()
        if parent is None or self.article is None or parent.article_id != self.article.pk:
            raise forms.ValidationError("The comment you are replying to is not on this article. Your comment was not posted; it is kept below.")
        return parent
