"""The learned classifier's check. Its score and the tokens that drove it are noted on the
comment for the moderator whether or not it fires."""

from masthead.comments.classifier import Document, get_classifier
from masthead.comments.moderation import HOLD, SPAM, Verdict
from masthead.comments.policy import current_policy


def spam_score(comment, context):
    result = get_classifier().score(Document.of(comment))
    if result is None:
        return None
    comment.spam_score = result.probability
    comment.spam_tokens = [list(token) for token in result.tokens]
    policy = current_policy()
    if result.probability > policy.spam_score:
        return Verdict(SPAM, f"spam: spam score {result.probability:.2f} (spam above {policy.spam_score:.2f})", "spam_score")
    if result.probability > policy.spam_hold_score:
        return Verdict(HOLD, f"held: spam score {result.probability:.2f} (hold above {policy.spam_hold_score:.2f})", "spam_score")
    return None
