"""The demo site: "The Frontline Dispatch", built with the same actions an editor's clicks
call, so it reproduces the page in MISSION.md: the goal bar for the current month (5,000 $
goal, 340 $ raised), the lead article with its video, two approved comments and a reply, a
held comment, and 40 earlier articles across six sections."""

import secrets
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.comments.actions import do_approve, do_reject, do_submit_comment
from masthead.comments.models import Comment
from masthead.comments.moderation import ModerationContext
from masthead.config import env
from masthead.fundraising.actions import do_record_entry, do_set_goal, do_set_rate
from masthead.fundraising.models import LedgerEntry, SupportPage
from masthead.fundraising.progress import current_progress, this_month
from masthead.news.actions import do_create_section, do_install_home, do_publish_article
from masthead.news.models import Author
from masthead.demo import pictures

SITE_NAME = "The Frontline Dispatch"
AUTHORS = [
    ("Lina Haddad", "Covers Syria and Lebanon from Beirut. Before joining the Dispatch she reported for regional radio for ten years."),
    ("Omar Khalil", "Iraq correspondent, based in Erbil. Writes about security, oil and the Kurdish region."),
    ("Dispatch Staff", "Reporting from our correspondents in the region, edited in London."),
]
SECTIONS = ["Syria", "Iraq", "Lebanon", "Yemen", "Ukraine", "Analysis"]
LEAD_TITLE = "Pro-Government Forces Continue Operations Against ISIS Cells In Central Syria (Video)"
LEAD_VIDEO = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
LEAD_BODY = [
    "Syrian government forces and allied units continued security operations against ISIS cells in the central Syrian desert this week, according to statements carried by the state news agency SANA and reports from local monitoring groups.",
    "The operations focused on the countryside between Homs, Hama and Deir ez-Zor, where small groups of fighters have ambushed military convoys and civilian vehicles since early 2021. The UK-based Syrian Observatory for Human Rights reported at least a dozen attacks in the area during May.",
    "Footage released by pro-government media shows ground units moving through the Badia with air support. The video could not be independently verified, and neither side published casualty figures for the latest operation.",
    "Analysts at the Institute for the Study of War have described the desert insurgency as a persistent, low-level threat that ties down large numbers of troops. The Dispatch will update this report as more information becomes available.",
]

# Names as readers type them, in Arabic with and without vowel marks: search finds either.
NAMES_IN_ARABIC = {
    "Why The Desert Insurgency Persists": (
        "In Arabic the group is called دَاعِش (Daesh), from الدولة الإسلامية في العراق والشام; "
        "its cells move through البادية, the desert between Homs and Deir ez-Zor (دير الزور)."
    ),
}

# (section, headline, tags) for the 40 earlier articles, newest last.
ARCHIVE = [
    ("Syria", "Aid Convoy Reaches Northern Countryside After Two-Week Delay", ["Humanitarian"]),
    ("Iraq", "Parliament Sets Date For Early Elections", ["Elections"]),
    ("Lebanon", "Currency Slides Further As Talks On Government Stall", ["Economy"]),
    ("Yemen", "UN Envoy Meets Delegations In Muscat", ["Diplomacy"]),
    ("Ukraine", "OSCE Monitors Report Ceasefire Violations Near Donetsk", ["Ceasefire"]),
    ("Analysis", "Why The Desert Insurgency Persists", ["ISIS"]),
    ("Syria", "Power Cuts Lengthen In Damascus Suburbs", ["Economy"]),
    ("Iraq", "Militia Rocket Attack Targets Air Base, No Casualties Reported", ["Security"]),
    ("Lebanon", "Fuel Shortages Close Petrol Stations Across Beirut", ["Economy"]),
    ("Yemen", "Fighting Around Marib Displaces Hundreds Of Families", ["Humanitarian"]),
    ("Ukraine", "Troop Movements Near Border Draw International Concern", ["Security"]),
    ("Analysis", "Reading Official Casualty Figures With Care", ["Media"]),
    ("Syria", "Wheat Harvest Expected To Fall Short Again", ["Economy"]),
    ("Iraq", "Kurdish Region And Baghdad Agree On Budget Share", ["Diplomacy"]),
    ("Lebanon", "Port Blast Investigation Faces New Legal Challenge", ["Justice"]),
    ("Yemen", "Cholera Cases Rise In Hodeidah, Health Officials Say", ["Humanitarian"]),
    ("Ukraine", "Exchange Of Detainees Agreed In Minsk Talks", ["Diplomacy"]),
    ("Analysis", "What Satellite Imagery Can And Cannot Tell Us", ["Media"]),
    ("Syria", "Presidential Election Campaign Opens", ["Elections"]),
    ("Iraq", "Protesters Return To Tahrir Square On Anniversary", ["Protests"]),
    ("Lebanon", "Central Bank Extends Withdrawal Limits", ["Economy"]),
    ("Yemen", "Saudi-Led Coalition Announces Pause In Air Strikes", ["Ceasefire"]),
    ("Ukraine", "Water Supply Restored To Frontline Towns", ["Humanitarian"]),
    ("Analysis", "The Economics Of A Long War", ["Economy"]),
    ("Syria", "ISIS Cell Ambushes Bus On Palmyra Road", ["ISIS", "Video"]),
    ("Iraq", "Security Forces Sweep Desert Near Anbar Border", ["ISIS", "Security"]),
    ("Lebanon", "Army Distributes Food Aid To Families In The North", ["Humanitarian"]),
    ("Yemen", "Prisoner Swap Talks Resume Under UN Auspices", ["Diplomacy"]),
    ("Ukraine", "Shelling Damages School Near The Contact Line", ["Ceasefire"]),
    ("Analysis", "How Local Monitoring Groups Verify Reports", ["Media"]),
    ("Syria", "Syrians Vote In Presidential Election", ["Elections"]),
    ("Iraq", "Drone Strike Hits Militia Convoy Near Syrian Border", ["Security", "Video"]),
    ("Lebanon", "Hospitals Warn Of Medicine Shortages", ["Humanitarian"]),
    ("Yemen", "Fuel Ships Allowed Into Hodeidah Port", ["Economy"]),
    ("Ukraine", "Leaders Discuss New Round Of Normandy Format Talks", ["Diplomacy"]),
    ("Analysis", "Six Months Of Central Syria Operations In Figures", ["ISIS"]),
    ("Syria", "Army Reinforces Positions East Of Salamiyah", ["ISIS"]),
    ("Iraq", "Electricity Protests Spread Across Southern Provinces", ["Protests"]),
    ("Lebanon", "Caretaker Government Approves Emergency Card Scheme", ["Economy"]),
    ("Yemen", "Heavy Rains Flood Camps For Displaced People", ["Humanitarian"]),
]

FILLER = [
    "Officials and residents described the situation to reporters over several days; where their accounts differ, both are given here.",
    "Figures in this report come from the agencies and monitoring groups named, and could not all be checked independently.",
    "The Dispatch asked the relevant ministries for comment and will add their response when it arrives.",
]


def _paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _editor():
    User = get_user_model()
    password = secrets.token_urlsafe(9)
    user = User.objects.create_superuser("editor", "editor@example.org", password, first_name="Demo", last_name="Editor")
    login = Path(settings.VAR_DIR) / "demo-login.txt"
    login.parent.mkdir(parents=True, exist_ok=True)
    login.write_text(f"user editor, password {password}\n")
    login.chmod(0o600)
    return user


def _comment(article, name, email, body, when, parent=None, approve=True):
    comment = do_submit_comment(
        article=article, parent=parent, author_name=name, author_email=email, author_url="",
        body=body, context=ModerationContext(ip_address="192.0.2.10", user_agent="demo"), created_at=when,
    )
    if approve:
        do_approve(comment, actor=None, reason="demo content")
    return comment


def _fundraising(home, editor):
    month = this_month()
    now = timezone.now()
    for back, (goal, raised) in enumerate([(5000, 2960), (5000, 5310), (4000, 4120)], start=1):
        past = (month - timedelta(days=28 * back)).replace(day=1)
        do_set_goal(month=past, amount_minor=goal * 100, currency=settings.SITE_CURRENCY)
        when = timezone.make_aware(datetime(past.year, past.month, 15, 12))
        do_record_entry(amount_minor=raised * 100, currency=settings.SITE_CURRENCY, occurred_at=when,
                        method=LedgerEntry.Method.BANK, note="demo: the month's gifts, summed", recorded_by=editor)
    do_set_goal(month=month, amount_minor=500000, currency=settings.SITE_CURRENCY)
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    # One month in euros, at a rate staff entered: the report shows it converted.
    past = (month - timedelta(days=28)).replace(day=1)
    do_set_rate(month=past, currency="EUR", rate=Decimal("1.08"), set_by=editor)
    do_record_entry(amount_minor=12000, currency="EUR", occurred_at=timezone.make_aware(datetime(past.year, past.month, 20, 12)),
                    method=LedgerEntry.Method.BANK, donor_name="Lecteurs de Lyon", note="demo: a gift in euros", recorded_by=editor)
    gifts = [(10000, "bank", "A. Reader", "Keep the desert reports coming."), (5000, "card", "", ""), (7500, "crypto", "", ""),
             (4000, "cash", "Friends of the Dispatch", ""), (2500, "card", "M. K.", "For the correspondents on the ground."),
             (5000, "bank", "", "")]
    span = max(now - start, timedelta(minutes=len(gifts)))
    for i, (amount, method, donor, message) in enumerate(gifts):
        when = min(start + span * (i + 1) / (len(gifts) + 1), now)
        do_record_entry(amount_minor=amount, currency=settings.SITE_CURRENCY, occurred_at=when, method=method,
                        donor_name=donor, message=message, show_publicly=bool(donor), recorded_by=editor)
    support = SupportPage(
        title="Support The Frontline Dispatch",
        slug="support",
        intro="<p>The Dispatch has no owner, no advertisers and no paywall. Readers pay for everything we publish: every gift goes to reporting.</p>",
        ways_to_give=[
            ("way", {"title": "Bank transfer", "details": "Account: The Frontline Dispatch\nIBAN: XX00 0000 0000 0000 0000 00 (example)\nBIC: EXAMPLEXXX\nReference: DONATION"}),
            ("way", {"title": "Bitcoin", "details": "bc1qexampleexampleexampleexampleexample0000 (example address)"}),
            ("way", {"title": "Cheque", "details": "Payable to The Frontline Dispatch, sent to PO Box 000, Example City (example)."}),
        ],
        thank_you="<p>Thank you. Your gift pays for reporting that no owner, advertiser or government decides.</p>",
        receipt_details="The Frontline Dispatch (example)\nPO Box 000, Example City\nRegistered charity no. 000000 (example)",
    )
    home.add_child(instance=support)
    support.save_revision().publish()


def _moderation_examples(editor):
    """A moderation queue with something in each tab, on an archive article (the lead
    article keeps the comments of the page in MISSION.md)."""
    from masthead.comments.actions import do_report
    from masthead.comments.models import ModerationTerm
    from masthead.news.models import ArticlePage

    for term, kind in (("caliphate", "suspect"), ("glory to the martyrs", "suspect"), ("crusader dogs", "banned")):
        ModerationTerm.objects.create(term=term, kind=kind, note="demo list")
    article = ArticlePage.objects.get(title="Why The Desert Insurgency Persists")
    when = timezone.now() - timedelta(days=2)  # readers still comment on an old analysis
    known = _comment(article, "Sam K.", "sam@example.net", "Useful background. The section on supply routes explains a lot.", when)
    _comment(article, "Abu Qasim", "qasim@example.com", "The c4liphate will rise again in the Badia, you cannot stop it.", when + timedelta(minutes=20), approve=False)
    _comment(article, "Deals4U", "deals@promo.example", "Great article! Cheap flights http://promo.example/a http://promo.example/b http://promo.example/c", when + timedelta(minutes=40), approve=False)
    do_submit_comment(article=article, parent=None, author_name="casino bonus", author_email="bot@spam.example", author_url="",
                      body="Best online casino bonus, free spins today", context=ModerationContext(ip_address="203.0.113.99", honeypot="555-0100"),
                      created_at=when + timedelta(hours=1))
    reported = _comment(article, "Sam K.", "sam@example.net", "Anyone who believes the official figures is a fool.", when + timedelta(hours=2), parent=known)
    for key in ("demo-reader-1", "demo-reader-2"):
        do_report(reported, reason="abuse", reporter_key=key)
    rejected = _comment(article, "Angry Reader", "angry@example.org", "All of you are liars and traitors.", when + timedelta(hours=3), approve=False)
    do_reject(rejected, actor=editor, reason="abuse")


def load_demo() -> str:
    # The address `masthead demo` serves on, so the editor's "View live" links work.
    home = do_install_home(SITE_NAME, hostname=env("HOST"), port=int(env("PORT")))
    editor = _editor()
    authors = [
        Author.objects.create(name=name, bio=bio, photo=pictures.portrait(name, seed=n))
        for n, (name, bio) in enumerate(AUTHORS)
    ]
    # Every other archive article has a lead image, so listings show both kinds of teaser.
    images = [pictures.landscape(f"Illustration {n + 1} (drawn for the demo)", seed=n) for n in range(6)]
    sections = {name: do_create_section(home, name, intro=f"News and reports from {name}." if name != "Analysis" else "Background, context and explainers.") for name in SECTIONS}

    tz = timezone.get_default_timezone()
    first = datetime(2021, 4, 1, 9, 0, tzinfo=tz)
    for i, (section, title, tags) in enumerate(ARCHIVE):
        when = first + timedelta(days=i * 70 / len(ARCHIVE), hours=(i * 5) % 9)
        do_publish_article(
            sections[section], user=editor, title=title, date=when, author=authors[i % len(authors)], tags=tags,
            lead_image=images[i % len(images)] if i % 2 == 0 else None,
            standfirst=f"{FILLER[i % 3]}",
            body=_paragraphs([f"{title}: a report from our {section} desk.", FILLER[i % 3], FILLER[(i + 1) % 3],
                              *([NAMES_IN_ARABIC[title]] if title in NAMES_IN_ARABIC else [])]),
        )

    lead = do_publish_article(
        sections["Syria"], user=editor, title=LEAD_TITLE, date=datetime(2021, 6, 11, 14, 30, tzinfo=tz), author=authors[0],
        lead_image=pictures.landscape("Desert road east of Homs (illustration drawn for the demo)", seed=0),
        lead_image_caption="Illustration: the demo's pictures are drawn by the loader, not photographs.",
        tags=["ISIS", "Video", "Homs", "Deir ez-Zor"],
        standfirst="Government and allied units pressed on with sweeps of the Badia desert, where ISIS cells have stepped up attacks this year.",
        body=_paragraphs(LEAD_BODY[:2]) + [("video", {"url": LEAD_VIDEO, "caption": "Footage released by pro-government media (unverified)"})] + _paragraphs(LEAD_BODY[2:]),
    )
    t = datetime(2021, 6, 11, 16, 5, tzinfo=tz)
    _comment(lead, "Mohammed Mohammed", "mohammed@example.org",
                             "Thank you for the report. A map of the area covered by the operation would help readers follow it.", t)
    second = _comment(lead, "northerntruthseeker .", "northern@example.net",
                      "Good to see the sources named. Has any independent outlet confirmed the footage yet?", t + timedelta(hours=2))
    _comment(lead, "Mohammed Mohammed", "mohammed@example.org",
             "Not that I have seen so far. The Observatory usually publishes its own count a few days later.", t + timedelta(hours=3), parent=second)
    _comment(lead, "Reader in Hama", "hama.reader@example.com",
             "The road east of Salamiyah was closed again yesterday evening.", t + timedelta(hours=5), approve=False)
    _fundraising(home, editor)
    _moderation_examples(editor)
    statuses = Counter(Comment.objects.values_list("status", flat=True))
    progress = current_progress()
    return (
        f"{SITE_NAME}: {len(SECTIONS)} sections, {len(ARCHIVE) + 1} articles, "
        f"comments {', '.join(f'{n} {status}' for status, n in sorted(statuses.items()))}; "
        f"this month {progress.raised_text} of {progress.goal_text}"
    )
