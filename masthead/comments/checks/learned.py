"""The learned classifier's check. Its score and the words or signals that drove it travel
in the verdict whether or not it objects (an approving verdict below the hold threshold),
so the moderator always sees them."""

from masthead.comments.classifier import Document, get_classifier
from masthead.comments.moderation import APPROVE, HOLD, SPAM, Verdict, check
from masthead.comments.policy import current_policy


@check("spam_score", "spam score")
def spam_score(comment, context):
    result = get_classifier().score(Document.of(comment))
    if result is None:
        return None
    policy = current_policy()
    score = result.probability
    signals = tuple(tuple(token) for token in result.tokens)
    if score > policy.spam_score:
        return Verdict(SPAM, f"spam: spam score {score:.2f} (spam above {policy.spam_score:.2f})", "spam_score", score, signals)
    if score > policy.spam_hold_score:
        return Verdict(HOLD, f"held: spam score {score:.2f} (hold above {policy.spam_hold_score:.2f})", "spam_score", score, signals)
    return Verdict(APPROVE, f"allowed: spam score {score:.2f} (hold above {policy.spam_hold_score:.2f})", "spam_score", score, signals)
