"""The comments app's models, one module per concern, re-exported here.

- comment.py: `Comment`, its audit trail (`ModerationEvent`) and text edits (`CommentEdit`);
- reports.py: readers' reports of a comment (`CommentReport`);
- rules.py: what moderators list in the admin (`ModerationTerm`, `BlockedSender`);
- subscriptions.py: double opt-in reply notifications (`ReplySubscription`);
- classifier.py: the learned spam model's stored state (`SpamModelState`, `SpamModelUpdate`);
- policy.py: the newsroom's settings for comments (`CommentSettings`, a Wagtail setting).
"""

from masthead.comments.models.classifier import SpamModelState, SpamModelUpdate
from masthead.comments.models.comment import Comment, CommentEdit, ModerationEvent
from masthead.comments.models.policy import CommentSettings
from masthead.comments.models.reports import CommentReport
from masthead.comments.models.rules import BlockedSender, ModerationTerm
from masthead.comments.models.subscriptions import ReplySubscription

__all__ = [
    "BlockedSender",
    "Comment",
    "CommentEdit",
    "CommentReport",
    "CommentSettings",
    "ModerationEvent",
    "ModerationTerm",
    "ReplySubscription",
    "SpamModelState",
    "SpamModelUpdate",
]
