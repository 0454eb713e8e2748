"""The moderation pipeline: every new comment passes the checks listed in the setting
MASTHEAD_COMMENT_CHECKS, in order. A check is any callable

    check(comment, context) -> Verdict | None

where `comment` is the unsaved Comment and `context` a ModerationContext. A check never
writes to the comment: what it measured (the classifier's score and the words behind it)
travels in its verdict, and comments/actions.py records the decision. Every verdict is
kept on the comment for moderators; the strongest decides the status (spam > reject > hold >
approve), and with no verdict at all the comment is approved.

A check declares its reason code and the label moderators filter by with `@check(...)`,
and the stage it runs at: `SUBMISSION` (a new comment) or `REPORT` (a reader reported a
published one). A site adds a check by writing one function and appending its dotted path
to the setting; the built-in ones (checks/) register the same way.
"""

from dataclasses import asdict, dataclass, field

from masthead.core.backends import load_paths

APPROVE, HOLD, REJECT, SPAM = "approve", "hold", "reject", "spam"
STRENGTH = {APPROVE: 0, HOLD: 1, REJECT: 2, SPAM: 3}
SUBMISSION, REPORT = "submission", "report"


@dataclass(frozen=True)
class Verdict:
    action: str  # one of APPROVE, HOLD, REJECT, SPAM
    reason: str  # a sentence for the moderator: "held: first comment from this email"
    code: str = ""  # machine-readable, for statistics and filters: "first_comment"
    score: float | None = None  # a figure the check measured (the spam probability)
    signals: tuple = ()  # what drove the score, ((word or signal, weight), …); > 0 towards spam

    def __post_init__(self):
        if self.action not in STRENGTH:
            raise ValueError(f"unknown moderation action {self.action!r}")


def check(code: str, label: str, stages=(SUBMISSION,)):
    """Declare a check's reason code, the label moderators see, and when it runs."""

    def declare(fn):
        fn.moderation_code, fn.moderation_label, fn.moderation_stages = code, label, tuple(stages)
        return fn

    return declare


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
    score: float | None = None  # the first score a check measured, with its signals
    signals: tuple = ()

    @property
    def fired_codes(self) -> list[str]:
        """Codes of the verdicts that objected (an approving verdict only informs)."""
        return [v["code"] for v in self.verdicts if v.get("code") and v["action"] != APPROVE]


def configured_checks(stage: str = SUBMISSION):
    return [(path, fn) for path, fn in load_paths("MASTHEAD_COMMENT_CHECKS") if stage in getattr(fn, "moderation_stages", (SUBMISSION,))]


def reason_labels() -> list[tuple[str, str]]:
    """[(code, label)] of every configured check that declares one, for the queue's filter."""
    labels = []
    for _, fn in load_paths("MASTHEAD_COMMENT_CHECKS"):
        code = getattr(fn, "moderation_code", "")
        if code and code not in dict(labels):
            labels.append((code, getattr(fn, "moderation_label", code)))
    return labels


def moderate(comment, context: ModerationContext, stage: str = SUBMISSION, checks=None) -> Decision:
    """Run the stage's checks and combine their verdicts: the strongest wins, the first of
    equals."""
    recorded = []
    strongest = None
    score, signals = None, ()
    for name, run in checks if checks is not None else configured_checks(stage):
        verdict = run(comment, context)
        if verdict is None:
            continue
        entry = asdict(verdict)
        entry.pop("score"), entry.pop("signals")
        recorded.append({"check": name, **entry})
        if score is None and verdict.score is not None:
            score, signals = verdict.score, verdict.signals
        if strongest is None or STRENGTH[verdict.action] > STRENGTH[strongest.action]:
            strongest = verdict
    if strongest is None:
        return Decision(APPROVE, "", recorded)
    return Decision(strongest.action, strongest.reason, recorded, strongest.code, score, signals)
