"""The reader's forms: "Leave a Reply" with WordPress's field names (author, email, url,
comment), reporting a comment, and asking for one's own comments. Checked on the server,
every message a sentence the reader can act on."""

from django import forms
from django.core.validators import MaxLengthValidator, URLValidator

from masthead.comments.models import Comment, CommentReport
from masthead.comments.policy import current_policy
from masthead.core.reader_text import clean_name

NULL_MESSAGE = "Your text contains a null character, which cannot be posted. Please remove it; your text is kept."
HONEYPOT_FIELD = "phone"  # bots fill a field with this name; people never see it


class WebsiteField(forms.URLField):
    """A URL field that accepts only http and https (no javascript:, data:, ftp:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    author = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Please enter your name.", "max_length": "Please shorten your name to %(limit_value)d characters.", "null_characters_not_allowed": NULL_MESSAGE},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={"required": "Please enter your email address. It will not be published.", "invalid": "Please enter a valid email address, like name@example.org.", "null_characters_not_allowed": NULL_MESSAGE},
    )
    url = WebsiteField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a web address starting with http:// or https://, or leave it empty.", "null_characters_not_allowed": NULL_MESSAGE},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={
            "required": "Please write a comment.",
            "max_length": "Please shorten your comment to %(limit_value)d characters (it has %(show_value)d).",
            "null_characters_not_allowed": NULL_MESSAGE,
        },
    )
    subscribe = forms.BooleanField(label="Email me replies to this comment (we first send a message to confirm)", required=False)
    article = forms.IntegerField(widget=forms.HiddenInput)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Anti-bot signals, read by the honeypot and fill_time checks, never shown back.
    phone = forms.CharField(required=False, label="Phone (leave this empty)", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    elapsed = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        limit = current_policy().max_length
        field = self.fields["comment"]
        field.max_length = limit
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + [MaxLengthValidator(limit)]
        field.widget.attrs["maxlength"] = str(limit)

    def clean_author(self):
        name = clean_name(self.cleaned_data["author"])
        if not name:
            raise forms.ValidationError("Please enter your name.", code="required")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_elapsed(self):
        value = self.cleaned_data.get("elapsed")
        return value if value is not None and 0 <= value < 10**7 else None

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id, status=Comment.Status.APPROVED).first()
        if parent is None or self.article is None or parent.article_id != self.article.pk:
            raise forms.ValidationError("The comment you are replying to is not on this article. Your comment was not posted; it is kept below.")
        return parent  # placed within the depth limit by actions.do_submit_comment


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason.", "invalid_choice": "Please choose one of the reasons listed."},
    )


class PrivacyRequestForm(forms.Form):
    email = forms.EmailField(
        label="The email address you comment with",
        max_length=254,
        error_messages={"required": "Please enter your email address.", "invalid": "Please enter a valid email address, like name@example.org.", "null_characters_not_allowed": NULL_MESSAGE},
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()
