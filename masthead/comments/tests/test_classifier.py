"""The learned spam classifier: it learns from moderators' decisions through the real
actions, in the background task, and must classify held-out comments it has never seen."""

import pytest

from masthead.comments.actions import do_approve, do_bulk_decide, do_mark_spam, do_submit_comment
from masthead.comments.classifier import Document, get_classifier
from masthead.comments.models import Comment
from masthead.comments.moderation import ModerationContext
from masthead.comments.tasks import learn_from_decisions, retrain_classifier
from masthead.comments.tests.corpus import labelled
from masthead.testing.builders import make_staff, set_comment_settings

pytestmark = pytest.mark.django_db


def submit(article, item):
    return do_submit_comment(article=article, parent=None, author_name=item["name"], author_email=item["email"], author_url=item["url"],
                             body=item["body"], context=ModerationContext(ip_address="192.0.2.5"))


def teach(article, moderator, examples):
    """Post each example, then let a moderator decide: approve the ham, mark the spam."""
    by_label = {"ham": [], "spam": []}
    for item, label in examples:
        by_label[label].append(submit(article, item).pk)
    do_bulk_decide(by_label["ham"], "approve", actor=moderator)
    do_bulk_decide(by_label["spam"], "spam", actor=moderator)


def accuracy(examples, threshold=0.5):
    classifier = get_classifier()
    right = 0
    for item, label in examples:
        score = classifier.score(Document(item["body"], item["name"], item["url"], item["email"].rpartition("@")[2]))
        guess = "spam" if score is not None and score.probability > threshold else "ham"
        right += guess == label
    return right / len(examples)


def spam_recall(examples):
    classifier = get_classifier()
    spam = [item for item, label in examples if label == "spam"]
    found = sum(1 for item in spam if (s := classifier.score(Document(item["body"], item["name"], item["url"], item["email"].rpartition("@")[2]))) and s.probability > 0.5)
    return found / len(spam)


def test_classifier_learns_from_decisions_and_improves_on_held_out_comments(site, django_capture_on_commit_callbacks):
    set_comment_settings(classifier_min_examples=10, duplicate_window_hours=0, rate_limit_count=0)
    moderator = make_staff()
    training, held_out = labelled(150, seed=1), labelled(100, seed=2)
    held_out_bodies = {item["body"] for item, _ in held_out}
    training = [(item, label) for item, label in training if item["body"] not in held_out_bodies]

    day_one = spam_recall(held_out)
    assert day_one > 0, day_one  # the starter model alone already finds some spam

    teach(site["article"], moderator, training[:30])
    small = accuracy(held_out)
    teach(site["article"], moderator, training[30:])
    full = accuracy(held_out)

    assert full >= 0.95, full
    assert full >= small
    assert spam_recall(held_out) >= max(0.95, day_one)
    stats = get_classifier().stats()
    assert stats["ham"] == sum(1 for _, label in training if label == "ham")
    # Once it knew enough, the pipeline itself marked most spam: those were no moderator's
    # decision, so they taught it nothing (it never learns from its own verdicts).
    assert 10 <= stats["spam"] < sum(1 for _, label in training if label == "spam")


@pytest.fixture
def trained(site):
    set_comment_settings(classifier_min_examples=10, duplicate_window_hours=0)
    moderator = make_staff()
    teach(site["article"], moderator, labelled(60, seed=3))
    return moderator


def test_spam_like_comment_is_marked_spam_with_its_score_and_tokens(site, trained):
    comment = submit(site["article"], {"body": "Buy cheap viagra at the lowest price http://best-pills-rx.top/buy", "name": "Best cheap viagra", "email": "x1@best-pills-rx.top", "url": ""})
    assert comment.status == Comment.Status.SPAM
    assert comment.moderation_code == "spam_score"
    assert comment.moderation_reason.startswith("spam: spam score ")
    assert comment.spam_score > 0.95
    tokens = [token for token, weight in comment.spam_tokens]
    assert len(tokens) == 6
    assert all(weight > 0 for _, weight in comment.spam_tokens[:3])


def test_reader_like_comment_gets_a_low_score_and_is_only_held_as_a_first_comment(site, trained):
    comment = submit(site["article"], {"body": "Has anyone confirmed this? The road east of Palmyra was closed again according to residents.", "name": "Lina", "email": "lina@example.org", "url": ""})
    assert comment.spam_score < 0.3
    assert comment.moderation_code == "first_comment"


def test_a_changed_decision_unlearns_the_old_label(site, trained):
    comment = Comment.objects.filter(trained_as="ham").first()
    before = get_classifier().stats()
    do_mark_spam(comment, actor=trained, learn=False)
    learn_from_decisions.call([comment.pk])
    after = get_classifier().stats()
    assert (after["ham"], after["spam"]) == (before["ham"] - 1, before["spam"] + 1)
    comment.refresh_from_db()
    assert comment.trained_as == "spam"


def test_pipeline_verdicts_and_unassisted_approvals_teach_nothing(site, trained):
    before = get_classifier().stats()
    comment = submit(site["article"], {"body": "A brand new reader comment about Raqqa.", "name": "R", "email": "r@example.org", "url": ""})
    do_approve(comment, actor=None)
    learn_from_decisions.call([comment.pk])
    assert get_classifier().stats() == before


def test_retraining_rebuilds_the_same_model_from_all_decisions(site, trained):
    before = get_classifier().stats()
    assert retrain_classifier.call() == {"ham": before["ham"], "spam": before["spam"]}
    assert get_classifier().stats() == before


def test_decision_teaches_the_classifier_in_the_background_after_commit(site, django_capture_on_commit_callbacks):
    moderator = make_staff()
    comment = submit(site["article"], {"body": "Earn money from home!!! http://cryptoboost.click", "name": "c", "email": "c@cryptoboost.click", "url": ""})
    with django_capture_on_commit_callbacks(execute=True):
        do_mark_spam(comment, actor=moderator)
    comment.refresh_from_db()
    assert comment.trained_as == "spam"
    assert get_classifier().stats()["spam"] == 1


@pytest.fixture
def without_starter(settings):
    settings.MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.logistic.LogisticClassifier", "STARTER": ""}}


def test_without_a_starter_there_is_no_score_until_enough_decisions(site, without_starter):
    set_comment_settings(classifier_min_examples=10, duplicate_window_hours=0, rate_limit_count=0)
    held_out = labelled(40, seed=2)
    assert spam_recall(held_out) == 0.0
    teach(site["article"], make_staff(), labelled(60, seed=3))
    assert spam_recall(held_out) >= 0.9


def test_learning_stores_only_the_changed_weights_and_compacts_them(site, without_starter, monkeypatch):
    from masthead.comments.classifier import logistic
    from masthead.comments.models import SpamModelState, SpamModelUpdate

    monkeypatch.setattr(logistic, "COMPACT_EVERY", 5)
    classifier = get_classifier()
    spam = Document("Buy cheap viagra at http://best-pills-rx.top/buy", "pills")
    ham = Document("The road east of Palmyra was closed again yesterday.", "Lina")
    classifier.learn([(spam, "", "spam")])
    update = SpamModelUpdate.objects.get()
    assert len(logistic.decode_changes(update.data)) == len(logistic.features(spam)) + 1  # its features and the bias
    assert SpamModelState.objects.get().data == b""  # the snapshot was not rewritten
    for _ in range(3):
        classifier.learn([(ham, "", "ham")])
    # Another process sees the same model by applying the updates it has not seen.
    other = logistic.LogisticClassifier("default", {"STARTER": ""})
    assert other._sync(*SpamModelState.objects.values_list("version", "snapshot").get()).w == classifier._cache[4].w
    classifier.learn([(ham, "", "ham")])
    assert SpamModelUpdate.objects.count() == 0 and SpamModelState.objects.get().data.startswith(b"LR1")
    # …and reloads the compacted snapshot (float32) when it changed.
    model = other._sync(*SpamModelState.objects.values_list("version", "snapshot").get())
    assert model.w.keys() == classifier._cache[4].w.keys()
    assert all(abs(model.w[k] - classifier._cache[4].w[k]) < 1e-5 for k in model.w)
    assert other.stats() == {"ham": 4, "spam": 1, "features": len(model.w), "starter": 0}


def test_a_withdrawn_decision_moves_the_score_back(site, without_starter):
    set_comment_settings(classifier_min_examples=1)
    classifier = get_classifier()
    spam = Document("Earn money from home!!! http://cryptoboost.click", "c")
    classifier.learn([(Document("Thank you for the careful report from Homs."), "", "ham"), (spam, "", "spam")])
    before = classifier.score(spam).probability
    classifier.learn([(spam, "", "spam")])
    learned_twice = classifier.score(spam).probability
    classifier.learn([(spam, "spam", "")])
    assert learned_twice > classifier.score(spam).probability
    assert abs(classifier.score(spam).probability - before) < abs(learned_twice - before)


def test_scores_are_calibrated_on_the_held_out_comments(site, trained):
    """Of the comments it scores above 0.5, most are spam, and the reverse below."""
    classifier = get_classifier()
    scored = [(classifier.score(Document(item["body"], item["name"], item["url"], item["email"].rpartition("@")[2])).probability, label) for item, label in labelled(200, seed=7)]
    high = [label for p, label in scored if p > 0.9]
    low = [label for p, label in scored if p < 0.1]
    assert high and low
    assert sum(label == "spam" for label in high) / len(high) >= 0.9
    assert sum(label == "ham" for label in low) / len(low) >= 0.9


def test_the_moderator_is_shown_words_not_letter_fragments(site, trained):
    result = get_classifier().score(Document("Buy cheap viagra now at http://best-pills-rx.top/buy", "pills"))
    tokens = [token for token, _ in result.tokens]
    assert not any(token.startswith("letters") for token in tokens)
    assert {"cheap", "pills", "viagra", "link to best-pills-rx.top"} & set(tokens), tokens


def test_the_shipped_starter_model_is_small_and_loads():
    from pathlib import Path

    from masthead.comments.classifier import starter

    assert Path(starter.DEFAULT_PATH).stat().st_size <= 2_000_000
    model = starter.load(starter.DEFAULT_PATH)
    assert len(model.weights) > 10_000


def test_the_classifier_sees_bare_domains_emails_and_spelled_out_domains():
    from masthead.comments.classifier.features import features
    from masthead.comments import text

    names = set(features(Document("visit cheap-rx.com or mail me: bob@cheap-rx.com, also pills . top", "x")).values())
    assert {"d:cheap-rx.com", "d:pills.top", "links:2"} <= names
    assert text.links("cheap-rx.com and bob@cheap-rx.com") == ["http://cheap-rx.com", "mailto:bob@cheap-rx.com"]
    assert text.domain_mentions("e.g. 3.5 i.e. fine") == []


def test_every_kind_of_feature_has_a_readable_name():
    from masthead.comments.classifier.features import features, readable

    names = features(Document("FREE MONEY!!!!! CLICK NOW AT cheap-rx.com", "Win Big", "http://cheap-rx.com/x", "cheap-rx.com"))
    shown = {readable(name) for name in names.values()}
    assert {"mostly capitals", "a character repeated", "8+ words", "has a website", "email @cheap-rx.com", "name “win”", "link to cheap-rx.com"} <= shown
