"""The moderation pipeline: every new comment passes the checks listed in the setting
MASTHEAD_COMMENT_CHECKS, in order. A check is any callable

    check(comment, context) -> Verdict | None

where `comment` is the unsaved Comment and `context` a ModerationContext. Every verdict is
kept on the comment for moderators; the strongest decides the status (spam > reject > hold >
approve), and with no verdict at all the comment is approved. A site adds a check by writing
one function and appending its dotted path to the setting; the built-in ones (checks/)
register the same way. A check may also note figures on the comment for moderators (the
classifier sets `spam_score`); it never saves it.
"""

from dataclasses import asdict, dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

APPROVE, HOLD, REJECT, SPAM = "approve", "hold", "reject", "spam"
STRENGTH = {APPROVE: 0, HOLD: 1, REJECT: 2, SPAM: 3}


@dataclass(frozen=True)
class Verdict:
    action: str  # one of APPROVE, HOLD, REJECT, SPAM
    reason: str  # a sentence for the moderator: "held: first comment from this email"
    code: str = ""  # machine-readable, for statistics: "first_comment"

    def __post_init__(self):
        if self.action not in STRENGTH:
            raise ValueError(f"unknown moderation action {self.action!r}")


@dataclass
class ModerationContext:
    """What a check may know besides the comment itself."""

    ip_address: str | None = None
    user_agent: str = ""
    honeypot: str = ""  # what a bot typed into the field humans cannot see
    elapsed_seconds: float | None = None  # page load to post, measured by the page's script
    extra: dict = field(default_factory=dict)  # anything a site's own checks need


@dataclass(frozen=True)
class Decision:
    action: str
    reason: str
    verdicts: list  # [{"check", "action", "reason", "code"}, …] in pipeline order
    code: str = ""  # the decisive verdict's code


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]):
    return [(path, import_string(path)) for path in paths]


def configured_checks():
    return _load(tuple(settings.MASTHEAD_COMMENT_CHECKS))


def moderate(comment, context: ModerationContext, checks=None) -> Decision:
    """Run every check and combine their verdicts: the strongest wins, the first of equals."""
    recorded = []
    strongest = None
    for name, check in checks if checks is not None else configured_checks():
        verdict = check(comment, context)
        if verdict is None:
            continue
        recorded.append({"check": name, **asdict(verdict)})
        if strongest is None or STRENGTH[verdict.action] > STRENGTH[strongest.action]:
            strongest = verdict
    if strongest is None:
        return Decision(APPROVE, "", recorded)
    return Decision(strongest.action, strongest.reason, recorded, strongest.code)
