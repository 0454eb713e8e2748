#!/usr/bin/env python3
"""The spam classifier on real labelled spam, as a site uses it (a benchmark, not a test).

    bench/classifier.sh                   # data in var/spam-data (SPAM_DATA=dir to change)
    SHUFFLES=5 bench/classifier.sh

Data (not in the repository, see masthead/comments/classifier/STARTER.md for where to get
them): SMSSpamCollection, Youtube02-KatyPerry.csv, Youtube03-LMFAO.csv. The YouTube
collection's other three files are never read. Through the real backends on a temporary
SQLite database:

1. The protocol of issue 12 on the 788 YouTube comments: per shuffle, moderators' decisions
   taught one by one through learn() (learning curve at 50, 100, 200, 500), the other 288
   scored with score(); precision, recall and F1 of "held or spam" at the pipeline's hold
   threshold (0.7), the share of legitimate comments held (> 0.7) and marked spam (> 0.95).
   Models: naive Bayes (the baseline), logistic without a starter, logistic with a starter
   built in this run from the SMS collection only (the shipped starter has seen these
   comments, so it would flatter itself).
2. Day one: a starter built from SMS + one YouTube file, then the other file's comments.
3. Calibration: of the comments scored in each band, the share that is spam.
4. Speed at 50,000 features: score() and one decision's learn() per comment, both backends.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SPAM_DATA", ROOT / "var" / "spam-data"))
SHUFFLES = int(os.environ.get("SHUFFLES", "5"))
CURVE = (50, 100, 200, 500)
HOLD, SPAM_AT = 0.7, 0.95


def setup():
    var = tempfile.mkdtemp(prefix="masthead-bench-classifier-")
    os.environ.update(MASTHEAD_VAR_DIR=var, DJANGO_SETTINGS_MODULE="masthead.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return var


def reset():
    from masthead.comments.models import SpamModelState, SpamModelUpdate

    SpamModelState.objects.all().delete()
    SpamModelUpdate.objects.all().delete()


def make(kind, starter_path=""):
    from masthead.comments.classifier.logistic import LogisticClassifier
    from masthead.comments.classifier.naive_bayes import NaiveBayesClassifier

    reset()
    model = NaiveBayesClassifier("bench") if kind == "nb" else LogisticClassifier("bench", {"STARTER": starter_path})
    model.min_examples = lambda: 1
    return model


def counts(model, test):
    tp = fp = fn = tn = spam_marked_ham = 0
    for document, spam in test:
        result = model.score(document)
        p = result.probability if result else 0.0
        held = p > HOLD
        tp += held and spam
        fp += held and not spam
        fn += (not held) and spam
        tn += (not held) and not spam
        spam_marked_ham += p > SPAM_AT and not spam
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1, "held": fp / (fp + tn), "marked": spam_marked_ham / (fp + tn)}


def curve(kind, examples, curve_at, test_size, starter_path="", shuffles=SHUFFLES):
    from masthead.comments.classifier.base import HAM, SPAM

    results = {n: [] for n in curve_at}
    for seed in range(shuffles):
        data = examples[:]
        random.Random(seed).shuffle(data)
        train, test = data[: max(curve_at)], data[max(curve_at) :][:test_size] if test_size else data[max(curve_at) :]
        model = make(kind, starter_path)
        done = 0
        for n in curve_at:
            for document, spam in train[done:n]:
                model.learn([(document, "", SPAM if spam else HAM)])
            done = n
            results[n].append(counts(model, test))
    return results


def line(name, results):
    cells = []
    for n, runs in results.items():
        f1 = statistics.mean(r["f1"] for r in runs)
        held = statistics.mean(r["held"] for r in runs)
        cells.append(f"{n:>4}: F1 {f1:.3f} (worst {min(r['f1'] for r in runs):.3f}) P {statistics.mean(r['p'] for r in runs):.3f} "
                     f"R {statistics.mean(r['r'] for r in runs):.3f} held {held:.1%} (worst {max(r['held'] for r in runs):.1%}) "
                     f"marked spam {statistics.mean(r['marked'] for r in runs):.1%}")
    print(f"  {name}")
    for cell in cells:
        print(f"    {cell}")


def build_starter(var, examples, name):
    from build_spam_starter import starter_bytes, train

    path = Path(var) / name
    path.write_bytes(starter_bytes(train(examples)))
    return str(path)


def speed(kind, sms, probe):
    from masthead.comments.classifier.base import HAM, SPAM

    model = make(kind)
    batch = []
    for document, spam in sms:
        batch.append((document, "", SPAM if spam else HAM))
        if len(batch) == 500:
            model.learn(batch)
            batch = []
            if model.stats()["features"] >= 50_000:
                break
    features = model.stats()["features"]
    for document, _ in probe[:20]:
        model.score(document)  # warm the in-memory copy
    # CPU time of this process (SQLite runs in it too) and wall time: on a shared, loaded
    # machine the wall clock also counts other people's work.
    wall, cpu = time.perf_counter(), time.process_time()
    for document, _ in probe:
        model.score(document)
    score = ((time.perf_counter() - wall) * 1000 / len(probe), (time.process_time() - cpu) * 1000 / len(probe))
    learned = probe[:200]
    wall, cpu = time.perf_counter(), time.process_time()
    for document, spam in learned:
        model.learn([(document, "", SPAM if spam else HAM)])
    learn = [(time.perf_counter() - wall) * 1000 / len(learned), (time.process_time() - cpu) * 1000 / len(learned)]
    if kind != "nb":
        # The fold of the updates into the snapshot, once per COMPACT_EVERY decisions, amortised.
        from masthead.comments.classifier.logistic import COMPACT_EVERY, encode_weights

        wall, cpu = time.perf_counter(), time.process_time()
        encode_weights(model._cache[4])
        learn[0] += (time.perf_counter() - wall) * 1000 / COMPACT_EVERY
        learn[1] += (time.process_time() - cpu) * 1000 / COMPACT_EVERY
    return features, score, learn


def main():
    var = setup()
    from build_spam_starter import SMS, YOUTUBE, read_sms, read_youtube

    missing = [name for name in (SMS, *YOUTUBE) if not (DATA / name).exists()]
    if missing:
        print(f"missing in {DATA}: {', '.join(missing)} (see masthead/comments/classifier/STARTER.md)")
        return 2
    sms = read_sms(DATA / SMS)
    katy, lmfao = read_youtube(DATA / YOUTUBE[0]), read_youtube(DATA / YOUTUBE[1])
    youtube = katy + lmfao
    print(f"data: {len(sms)} SMS ({sum(s for _, s in sms)} spam), {len(youtube)} YouTube comments ({sum(s for _, s in youtube)} spam); "
          f"{SHUFFLES} shuffles; held = score > {HOLD}, marked spam = score > {SPAM_AT}")

    if os.environ.get("SPEED_ONLY"):
        return speed_report(sms, youtube)
    print(f"\n1. {len(youtube)} YouTube comments: decisions taught one by one, the other {len(youtube) - max(CURVE)} scored")
    sms_starter = build_starter(var, sms, "starter-sms.bin")
    line("naive Bayes (baseline)", curve("nb", youtube, CURVE, 0))
    line("logistic, no starter", curve("logistic", youtube, CURVE, 0))
    line("logistic, starter from SMS only", curve("logistic", youtube, CURVE, 0, sms_starter))

    print("\n2. Day one: starter from SMS + the other YouTube file (no decisions yet = 0)")
    for name, target, other in (("LMFAO", lmfao, katy), ("KatyPerry", katy, lmfao)):
        path = build_starter(var, sms + other, f"starter-{name}.bin")
        line(f"{name}, starter only then decisions", curve("logistic", target, (0, 50, 100, 200), 0, path))
        line(f"{name}, no starter (baseline)", curve("logistic", target, (0, 50, 100, 200), 0))

    print("\n3. Calibration (logistic, SMS starter, 500 decisions, all shuffles' held-out comments)")
    from masthead.comments.classifier.base import HAM, SPAM

    test_all = []
    for seed in range(SHUFFLES):
        data = youtube[:]
        random.Random(seed).shuffle(data)
        model = make("logistic", sms_starter)
        for document, spam in data[:500]:
            model.learn([(document, "", SPAM if spam else HAM)])
        test_all += [(model.score(d).probability, s) for d, s in data[500:]]
    bands = [(0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
    for low, high in bands:
        inside = [s for p, s in test_all if low <= p < high]
        mean = statistics.mean(p for p, _ in test_all if low <= p < high) if inside else 0
        print(f"    scores {low:.1f}–{min(high, 1.0):.1f}: {len(inside):>4} comments, mean score {mean:.2f}, spam share {sum(inside) / len(inside) if inside else 0:.2f}")

    return speed_report(sms, youtube)


def speed_report(sms, youtube):
    from masthead.comments.classifier.logistic import COMPACT_EVERY

    print("\n4. Speed at 50,000 features (SQLite in a temporary directory; per comment)")
    probe = youtube[:400]
    nb = speed("nb", sms, probe)  # (features, (wall, cpu) score, (wall, cpu) learn)
    lr = speed("logistic", sms, probe)
    print("    ms per comment, CPU (wall)")
    print(f"    naive Bayes (baseline): {nb[0]:,} features, score {nb[1][1]:.3f} ({nb[1][0]:.3f}), learn {nb[2][1]:.3f} ({nb[2][0]:.3f})")
    print(f"    logistic:               {lr[0]:,} features, score {lr[1][1]:.3f} ({lr[1][0]:.3f}) = {lr[1][1] / nb[1][1]:.2f}× baseline, "
          f"learn {lr[2][1]:.3f} ({lr[2][0]:.3f}) = {lr[2][1] / nb[2][1]:.2f}× baseline")
    print(f"    (logistic learn includes the fold of the updates into the snapshot, once per {COMPACT_EVERY} decisions, amortised)")
    print(f"\nrerun: SPAM_DATA={DATA} SHUFFLES={SHUFFLES} bench/classifier.sh   (SPEED_ONLY=1 for part 4 alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
