"""A generated, labelled set of realistic reader comments for the classifier's tests: ham
as readers of a conflict-news site write it (questions about sources, local knowledge,
disagreement, thanks), spam as it arrives (SEO links, pills, crypto, casinos, loans, fake
praise with a link), in many combinations so that no two are alike and the held-out set
shares templates but not sentences with the training set."""

import random

PLACES = ["Homs", "Hama", "Deir ez-Zor", "Palmyra", "Raqqa", "Idlib", "Aleppo", "Salamiyah", "the Badia", "Mosul", "Anbar", "Marib", "Hodeidah", "Donetsk", "Beirut", "Tripoli"]
SOURCES = ["SANA", "the Observatory", "local monitors", "Reuters", "the ministry", "the UN office", "satellite imagery", "a regional analyst", "residents", "the army statement"]
HAM_OPENERS = [
    "Thank you for the report.", "Good piece.", "I am not sure this is right.", "Interesting update.", "This matches what I heard.",
    "I disagree with the framing here.", "A useful summary.", "Hard to read, but necessary.", "Has anyone confirmed this?", "Small correction:",
]
HAM_BODIES = [
    "The road east of {place} was closed again yesterday evening according to {source}.",
    "Could you add a map of {place}? It is hard to follow which villages are meant.",
    "{source} gave a different casualty figure for {place}; it would help to cite both.",
    "My cousin in {place} says the power cuts last most of the day now.",
    "The footage looks older than this week, the vegetation does not match {place} in June.",
    "Is there any independent confirmation from {source} about the convoy near {place}?",
    "The timeline in the third paragraph seems off, the attack near {place} was in April.",
    "People in {place} have been asking for the aid trucks for weeks, nobody came.",
    "I would trust {source} more if they published their methodology for {place}.",
    "Last year the same reports came from {place} and they turned out to be exaggerated.",
    "The article says {source} but the quote seems to come from a different statement.",
    "Prices of bread in {place} doubled since the spring, this is the real story.",
]
HAM_CLOSERS = ["Keep up the careful work.", "Thanks.", "Looking forward to the follow-up.", "", "Stay safe everyone.", "Just my view.", "Would like to read more on this.", ""]
SPAM_PRODUCTS = ["cheap viagra", "cialis online", "replica watches", "bitcoin doubler", "crypto signals", "online casino bonus", "payday loans", "weight loss pills", "forex robot", "essay writing service", "free spins", "SEO backlinks"]
SPAM_DOMAINS = ["best-pills-rx.top", "cryptoboost.click", "casino-royal-bonus.xyz", "quickloan-now.biz", "seo-rank-fast.site", "replica-luxe.shop", "forexpro-robot.online", "essayhub-pro.info"]
SPAM_BODIES = [
    "Buy {product} at the lowest price, fast delivery, no prescription: http://{domain}/buy",
    "Great post!!! I made $5000 last week with {product}, check http://{domain} now",
    "Nice article, very informative. Visit my site for {product} http://{domain}/?ref=news",
    "Looking for {product}? Best deals 2021 http://{domain} http://{domain}/offer",
    "Earn money from home with {product}!!! Limited offer, click here http://{domain}",
    "I like this blog so much, saved to favorites. {product} http://{domain}",
    "Hello admin, your site needs more traffic. We sell {product} cheap: http://{domain}",
    "WOW amazing!!! {product} {product} best price guaranteed http://{domain}",
    "Thanks for sharing. Get {product} with 90% discount today only at http://{domain}",
]
SPAM_NAMES = ["Buy {product}", "Best {product}", "casino", "loans online", "Crypto King", "SEO expert", "cheap pills", "Jenny"]
HAM_NAMES = ["Mohammed", "northerntruthseeker", "Reader in Hama", "Sam K.", "Lina", "observer", "Yusuf", "Anna from Kyiv", "old soldier", "Rami"]


def ham(rng: random.Random) -> dict:
    body = " ".join(filter(None, [rng.choice(HAM_OPENERS), rng.choice(HAM_BODIES), rng.choice(HAM_BODIES), rng.choice(HAM_CLOSERS)]))
    body = body.format(place=rng.choice(PLACES), source=rng.choice(SOURCES))
    return {"body": body, "name": rng.choice(HAM_NAMES), "email": f"reader{rng.randrange(10**6)}@{rng.choice(['example.org', 'mail.example', 'example.net'])}", "url": ""}


def spam(rng: random.Random) -> dict:
    product, domain = rng.choice(SPAM_PRODUCTS), rng.choice(SPAM_DOMAINS)
    parts = [rng.choice(SPAM_BODIES)]
    if rng.random() < 0.5:
        parts.append(rng.choice(HAM_OPENERS))  # spam imitating a reader's opening
    body = " ".join(parts).format(product=product, domain=domain)
    return {"body": body, "name": rng.choice(SPAM_NAMES).format(product=product), "email": f"x{rng.randrange(10**6)}@{domain}", "url": f"http://{domain}" if rng.random() < 0.6 else ""}


def labelled(count: int, seed: int) -> list[tuple[dict, str]]:
    """`count` ham and `count` spam comments, shuffled, each unique."""
    rng = random.Random(seed)
    seen, items = set(), []
    for label, make in (("ham", ham), ("spam", spam)):
        made = 0
        while made < count:
            item = make(rng)
            if item["body"] in seen:
                continue
            seen.add(item["body"])
            items.append((item, label))
            made += 1
    rng.shuffle(items)
    return items
