from django import template

from masthead.comments.display import comment_context

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context):
    """The numbered thread and the "Leave a Reply" form under an article. A view that
    re-shows a refused post puts the bound form in the context as `comment_form`."""
    article, request = context["page"], context["request"]
    data = comment_context(article, request, form=context.get("comment_form"))
    data.update(
        article=article,
        request=request,
        comments_open=article.comments_open,
        comment_form_message=context.get("comment_form_message"),
    )
    return data
