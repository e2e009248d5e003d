"""A synthetic, noisy news corpus for benchmarks and scale tests (``polevents synth``).

Pages are built from templates and sentences written here: HTML pages with
cookie banners, menus, captions and "most read" teasers, and scraped-text pages
with several stories one after the other, as a wire briefing looks after a
crawler has flattened it. Each story names a random dyad of states, acts from
several CAMEO families (consult, cooperate, aid, demand, threaten, sanction,
fight) and dates, so the coder finds events in most stories.

Everything is drawn from ``random.Random(seed)``: the same seed gives the same
bytes, page for page, and page ``i`` does not depend on how many pages follow.

>>> a = list(iter_pages(3, seed=7)); b = list(iter_pages(3, seed=7))
>>> a == b and len(a) == 3
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["SynthPage", "iter_pages", "write_corpus"]

# (country, adjective, capital, leader title)
STATES: tuple[tuple[str, str, str, str], ...] = (
    ("Russia", "Russian", "Moscow", "President"),
    ("China", "Chinese", "Beijing", "President"),
    ("the United States", "American", "Washington", "President"),
    ("France", "French", "Paris", "President"),
    ("Germany", "German", "Berlin", "Chancellor"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister"),
    ("India", "Indian", "New Delhi", "Prime Minister"),
    ("Pakistan", "Pakistani", "Islamabad", "Prime Minister"),
    ("Turkey", "Turkish", "Ankara", "President"),
    ("Greece", "Greek", "Athens", "Prime Minister"),
    ("Iran", "Iranian", "Tehran", "President"),
    ("Israel", "Israeli", "Jerusalem", "Prime Minister"),
    ("Egypt", "Egyptian", "Cairo", "President"),
    ("Brazil", "Brazilian", "Brasilia", "President"),
    ("Venezuela", "Venezuelan", "Caracas", "President"),
    ("Ukraine", "Ukrainian", "Kyiv", "President"),
    ("Poland", "Polish", "Warsaw", "Prime Minister"),
    ("South Korea", "South Korean", "Seoul", "President"),
    ("Nigeria", "Nigerian", "Abuja", "President"),
    ("Kenya", "Kenyan", "Nairobi", "President"),
)
# {a}/{b}: country names; {A}/{B}: adjectives; {cap}: a capital; {day}: a weekday phrase.
ACTS: tuple[str, ...] = (
    "{A} Foreign Minister met his {B} counterpart in {cap} {day}.",
    "{a} and {b} agreed to resume talks on trade and border security {day}.",
    "{a} signed a defence cooperation agreement with {b} {day}.",
    "{a} pledged 50 million dollars in humanitarian aid to {b}, the foreign ministry said.",
    "{a} accused {b} of interfering in its internal affairs.",
    "{a} imposed sanctions on {B} officials {day} after the incident.",
    "{a} recalled its ambassador from {b} {day}.",
    "{A} troops fired on a {B} patrol near the border {day}.",
    "{a} condemned the {B} missile test as a threat to regional peace.",
    "{a} demanded that {b} release the detained fishermen.",
    "{a} threatened to cut diplomatic ties with {b}.",
    "{a} praised {b} for its role in the ceasefire negotiations.",
    "The {A} president hosted the {B} prime minister in {cap} {day}.",
    "{a} expelled two {B} diplomats {day}, the interior ministry said.",
    "{a} offered to mediate between {b} and its neighbours.",
)
FILLER: tuple[str, ...] = (
    "Analysts said the move reflected growing tension in the region.",
    "The talks lasted more than three hours, officials said.",
    "Markets reacted calmly to the news.",
    "The statement did not give further details.",
    "Both sides described the meeting as constructive.",
    "Opposition lawmakers criticised the decision in parliament.",
    "Shares in defence companies rose slightly.",
    "Further meetings are expected later this year.",
)
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "")
OUTLETS = ("Harbour Post", "The Daily Ledger", "Global Affairs Today", "Northern Courier",
           "Capital Wire", "The Evening Standard-Bearer", "Meridian News")  # fmt: skip
CAPTIONS = ("Officials shake hands before the talks. (AFP)",
            "Delegates arrive at the foreign ministry. (Reuters)",
            "A view of the capital at dusk. (File photo)")  # fmt: skip
TEASERS = ("Oil prices rise after OPEC meeting", "Central bank holds rates steady",
           "Storm closes ports along the coast", "Football: cup final ends in penalties",
           "Tech shares slide on earnings worries")  # fmt: skip
NAV = "Home | World | Politics | Economy | Opinion | Sport"
START = date(2022, 1, 1)


@dataclass(frozen=True, slots=True)
class SynthPage:
    """One synthetic page: its file name and bytes."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class _Story:
    headline: str
    paragraphs: tuple[str, ...]
    published: date


def iter_pages(n_pages: int, *, seed: int = 0) -> Iterator[SynthPage]:
    """Yield ``n_pages`` pages, lazily; about half HTML, half scraped text.

    Args:
        n_pages: how many pages.
        seed: pages depend only on the seed and their index.
    """
    for index in range(n_pages):
        rng = random.Random(f"{seed}:{index}")
        n_stories = rng.choice((1, 1, 2, 3))
        stories = [_story(rng) for _ in range(n_stories)]
        outlet = rng.choice(OUTLETS)
        if n_stories == 1 and rng.random() < 0.6:
            text, ext = _html_page(rng, stories[0], outlet), "html"
        else:
            text, ext = _text_page(rng, stories, outlet), "txt"
        yield SynthPage(f"p{index:07d}.{ext}", text.encode("utf-8"))


def write_corpus(n_pages: int, out: Path, *, seed: int = 0, per_folder: int = 1000) -> int:
    """Write ``n_pages`` pages under ``out`` (``per_folder`` files per sub-folder); return bytes.

    Sub-folders keep directories small, as a crawl of millions of pages would be stored.
    """
    written = 0
    for number, page in enumerate(iter_pages(n_pages, seed=seed)):
        folder = out / f"{number // per_folder:05d}"
        if number % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / page.name).write_bytes(page.content)
        written += len(page.content)
    return written


def _story(rng: random.Random) -> _Story:
    first, second = rng.sample(STATES, 2)
    names = {"a": first[0], "b": second[0], "A": first[1], "B": second[1]}
    published = START + timedelta(days=rng.randrange(3 * 365))
    sentences = []
    for _ in range(rng.randint(2, 5)):
        a, b = (first, second) if rng.random() < 0.7 else (second, first)
        values = {"a": a[0], "b": b[0], "A": a[1], "B": b[1]}
        act = rng.choice(ACTS).format(**values, cap=rng.choice((a[2], b[2])), day=rng.choice(DAYS))
        sentences.append(_capitalise(act.replace(" .", ".")))
        if rng.random() < 0.5:
            sentences.append(rng.choice(FILLER))
    dateline = rng.choice((first[2].upper() + " — ", ""))
    paragraphs, current = [], [dateline + sentences[0]]
    for sentence in sentences[1:]:
        if rng.random() < 0.5:
            paragraphs.append(" ".join(current))
            current = []
        current.append(sentence)
    paragraphs.append(" ".join(current))
    headline = _capitalise(rng.choice((
        "{a} and {b} hold talks amid tension", "{a} steps up pressure on {b}",
        "{A} leader visits {b}", "{a}, {b} trade accusations",
    )).format(**names))  # fmt: skip
    return _Story(headline, tuple(paragraphs), published)


def _html_page(rng: random.Random, story: _Story, outlet: str) -> str:
    stamp = f"{story.published.isoformat()}T{rng.randrange(6, 22):02d}:00:00+00:00"
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    teasers = "".join(f'<li><a href="/t{i}">{t}</a></li>' for i, t in enumerate(
        rng.sample(TEASERS, 3)))  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{story.headline} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{stamp}">
</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p>
<button>OK</button></div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<main>
<article>
<h1>{story.headline}</h1>
<p class="byline">By Staff Reporter <time datetime="{stamp}">{story.published:%d %B %Y}</time></p>
<figure><figcaption>{rng.choice(CAPTIONS)}</figcaption></figure>
{body}
</article>
<aside><h3>Most read</h3><ul>{teasers}</ul></aside>
</main>
<footer><p>© {story.published.year} {outlet}. All rights reserved.</p></footer>
</body>
</html>
"""


def _text_page(rng: random.Random, stories: list[_Story], outlet: str) -> str:
    lines = [outlet.upper(), NAV, "BREAKING", rng.choice(TEASERS) + ".", ""]
    for story in stories:
        caption = rng.choice(CAPTIONS)
        lines += [story.headline, "", caption, ""]
        lines += [f"{story.published:%A, %d %B, %Y} - {rng.randrange(6, 22):02d}:30", ""]
        for paragraph in story.paragraphs:
            lines += [paragraph, ""]
        lines += ["", ""]
    lines += ["Most Read", "", *rng.sample(TEASERS, 2), "", "Subscribe to our newsletter",
              f"Copyright {stories[0].published.year} {outlet}. All rights reserved."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
