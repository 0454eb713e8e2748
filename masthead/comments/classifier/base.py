"""What every spam classifier backend offers, and what it is given: a `Document` made of
the parts of a comment that say something about spam (never the IP address), and a `Score`
back with the tokens that drove it, for the moderator."""

from dataclasses import dataclass, field

HAM, SPAM = "ham", "spam"


@dataclass(frozen=True)
class Document:
    body: str
    author_name: str = ""
    author_url: str = ""
    email_domain: str = ""

    @classmethod
    def of(cls, comment) -> "Document":
        return cls(comment.body, comment.author_name, comment.author_url, (comment.author_email or "").rpartition("@")[2])


@dataclass(frozen=True)
class Score:
    probability: float  # of spam, 0 to 1
    tokens: list = field(default_factory=list)  # [(token, weight), …]: > 0 pushed towards spam


def label_for(comment) -> str:
    """What a comment teaches the classifier: only a person's decision counts (the pipeline
    learning from its own verdicts would only grow its mistakes); rejected is neither."""
    if comment.decided_at is None or comment.is_erased:
        return ""
    return {"approved": HAM, "spam": SPAM}.get(comment.status, "")


class BaseClassifier:
    def score(self, document: Document) -> Score | None:
        """The spam probability, or None while the classifier has not learned enough."""
        raise NotImplementedError

    def learn(self, changes: list[tuple[Document, str, str]]) -> None:
        """Apply [(document, old_label, new_label), …]: un-learn old, learn new ("" = none)."""
        raise NotImplementedError

    def rebuild(self, examples) -> None:
        """Forget everything and learn [(document, label), …] afresh."""
        raise NotImplementedError

    def stats(self) -> dict:
        return {}
