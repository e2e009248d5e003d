"""Corpora that the reliability tests write for themselves: news pages and every kind of bad input.

``write_news_corpus`` makes ordinary English pages that the coder turns into
events (some near-duplicates of others, as wire copy is). ``write_bad_corpus``
makes one input per class of bad input a crawler brings back and returns what
``polevents status`` must say of each: ``"ingested"`` or the skip reason.
"""

from __future__ import annotations

import gzip
import os
import random
from dataclasses import dataclass
from pathlib import Path

ACTS = [
    ("Russian President Vladimir Putin", "met", "Chinese President Xi Jinping", "in Moscow"),
    ("The United States", "accused", "Iran", "of violating the nuclear deal"),
    ("Turkey", "signed a trade agreement with", "Greece", "in Ankara"),
    ("India", "condemned", "Pakistan", "for the border shelling"),
    ("France", "praised", "Germany", "for its support of Ukraine"),
    ("Japan", "threatened to impose sanctions on", "North Korea", "after the missile test"),
    ("Egypt", "hosted talks with", "Israel", "in Cairo"),
    ("Brazil", "criticised", "Argentina", "over trade rules"),
    ("Saudi Arabia", "agreed to cooperate with", "the United Arab Emirates", "on security"),
    ("Ukraine", "called on", "Russia", "to withdraw its troops"),
    ("China", "warned", "Japan", "over the disputed islands"),
    ("Kenya", "sent aid to", "Somalia", "after the floods"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = [
    "Officials said the talks would continue next month.",
    "The statement was published on the ministry's website.",
    "Analysts expect little change in the coming weeks.",
    "Neither side gave further details.",
]


def news_page(
    number: int, *, outlet: str = "Harbour Post", variant: int = 0, background: int = 0
) -> str:
    """Return an English news page in HTML with two coded acts; ``variant`` rewords one line.

    ``background`` adds that many paragraphs recalling earlier acts (more work to code).
    """
    first = ACTS[number % len(ACTS)]
    second = ACTS[(number * 5 + 3) % len(ACTS)]
    day = DAYS[number % len(DAYS)]
    paragraphs = [
        f"{first[0]} {first[1]} {first[2]} {first[3]} on {day}.",
        f"{second[0]} {second[1]} {second[2]} {second[3]} last week.",
        *FILLER,
        *(f"In {1990 + i % 30}, {ACTS[i % len(ACTS)][0]} {ACTS[i % len(ACTS)][1]} "
          f"{ACTS[i % len(ACTS)][2]}." for i in range(number, number + background)),
        f"The report was number {number} of the series."
        + (" It was updated later in the day." if variant else ""),
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{first[0]} {first[1]} {first[2]} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="2025-03-{1 + number % 27:02d}T10:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>{first[0]} {first[1]} {first[2]}</h1>
{body}
</article></main>
<footer><p>© 2025 {outlet}. All rights reserved.</p></footer>
</body></html>
"""


def write_news_corpus(
    folder: Path, *, pages: int, duplicates: int = 0, background: int = 0
) -> list[Path]:
    """Write ``pages`` distinct news pages, then ``duplicates`` near-copies from other outlets."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(pages):
        path = folder / f"news_{number:03d}.html"
        path.write_text(news_page(number, background=background), encoding="utf-8")
        written.append(path)
    for number in range(duplicates):
        path = folder / f"wire_{number:03d}.html"
        page = news_page(number, outlet="Wire Daily", variant=1, background=background)
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written


@dataclass(frozen=True)
class BadInput:
    """One input of the bad corpus: its file name and what the store must say of it."""

    name: str
    expected: str  # "ingested", or the skip reason
    why: str


ARABIC = (
    "التقى وزير الخارجية المصري بنظيره الأردني في القاهرة يوم الاثنين "
    "لبحث الأوضاع في المنطقة. "
)
RUSSIAN = (
    "Министр иностранных дел России встретился со своим китайским коллегой "
    "в Пекине в понедельник. "
)
CHINESE = "中国外交部长星期一在北京会见了俄罗斯外交部长，双方讨论了地区安全与贸易合作问题。"
WESTERN = (
    "The French minister’s visit to Québec — planned for months — ended with a “firm” "
    "agreement on trade, the Canadian government said on Monday. "
)


def _html(body: str, *, charset: str | None = None, lang: str = "en") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>Report</title></head>'
        f"<body><article><h1>Report</h1>{body}</article></body></html>"
    )


def _paragraphs(text: str, count: int = 4) -> str:
    return "".join(f"<p>{text}</p>" for _ in range(count))


def _warc_record(uri: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write_bad_corpus(folder: Path, *, big_page_bytes: int = 50_000_000) -> list[BadInput]:
    """Write one file per class of bad input (and two good pages) into ``folder``.

    Returns what ``polevents status`` must record for each input; a WARC file
    counts once per record. The unreadable file is made with mode 000, which
    stops only a process that is not root.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20250301)
    inputs: list[BadInput] = []

    def put(name: str, data: bytes, expected: str, why: str) -> None:
        (folder / name).write_bytes(data)
        inputs.append(BadInput(name, expected, why))

    put("good_1.html", news_page(1).encode(), "ingested", "a plain page")
    put("good_2.html", news_page(2).encode(), "ingested", "a plain page")
    put("binary.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000), "binary", "an image")
    put("random.bin", rng.randbytes(8000), "binary", "random bytes")
    put("archive.gz", gzip.compress(news_page(3).encode()), "binary", "gzip, not WARC")
    put("empty.html", b"", "empty", "an empty file")
    put("blank.txt", b" \n\t\r\n  ", "empty", "only whitespace")
    western = _paragraphs(WESTERN)
    put("cp1252.html", _html(western).encode("cp1252"), "ingested", "windows-1252, undeclared")
    put("latin1.html", _html(western.replace("’", "'").replace("“", '"').replace("”", '"')
                             .replace("—", "-"), charset="iso-8859-1").encode("latin-1"),
        "ingested", "latin-1, declared")  # fmt: skip
    put("wrong_charset.html", _html(western, charset="utf-8").encode("cp1252"), "ingested",
        "declares UTF-8, is windows-1252")  # fmt: skip
    put("utf16_bom.html", _html(western).encode("utf-16"), "ingested", "UTF-16 with a BOM")
    put("utf16le.html", _html(western).encode("utf-16-le"), "ingested", "UTF-16 without a BOM")
    put("arabic.html", _html(_paragraphs(ARABIC), lang="ar").encode(), "language:ar", "Arabic")
    put("russian.html", _html(_paragraphs(RUSSIAN), lang="ru").encode("cp1251"), "language:ru",
        "Russian in windows-1251, undeclared")  # fmt: skip
    # Found: text without spaces read as noise lines, so the reason was no_body, not language:zh.
    put("chinese.html", _html(_paragraphs(CHINESE), charset="gb2312", lang="zh").encode("gb2312"),
        "language:zh", "Chinese in GB2312")  # fmt: skip
    page = news_page(4).encode()
    put("truncated.html", page[: len(page) * 2 // 3], "ingested", "cut in the middle of a tag")
    nested = "<div>" * 200 + "<p>" + WESTERN + "</p>" + "</div>" * 200
    put("nested.html", _html(nested).encode(), "ingested", "200 nested divs")
    # Found: libxml2 stops at depth 256, so text deeper than that is lost (no_body).
    deep = "<div>" * 20_000 + "<p>" + WESTERN + "</p>" + "</div>" * 20_000
    put("deep.html", _html(deep).encode(), "no_body", "20,000 nested divs")
    links = "".join(f"<li><a href=/s/{j}>Section {j}</a></li>" for j in range(12))
    menus = f"<nav><ul>{links}</ul></nav>" * 8
    put("menus.html", f"<html><body>{menus}</body></html>".encode(), "no_body", "only menus")
    big = _big_page(big_page_bytes)
    put("huge.html", big, "ingested", f"{len(big) // 1_000_000} MB page, cut to max_page_bytes")
    warc = (_warc_record("https://example.org/a", news_page(5).encode())
            + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\ngarbage\r\n\r\n"
            + _warc_record("https://example.org/b", news_page(6).encode()))  # fmt: skip
    (folder / "crawl.warc").write_bytes(warc)
    inputs += [
        BadInput("crawl.warc", "ingested", "a WARC record before the corrupt one"),
        BadInput("crawl.warc", "corrupt_record", "a corrupt WARC record"),
        BadInput("crawl.warc", "ingested", "a WARC record after the corrupt one"),
    ]
    (folder / "broken_link.html").symlink_to(folder / "gone.html")
    inputs.append(BadInput("broken_link.html", "broken_link", "a symlink to nothing"))
    os.mkfifo(folder / "pipe.html")
    inputs.append(BadInput("pipe.html", "unreadable", "a named pipe, not a file"))
    locked = folder / "locked.html"
    locked.write_bytes(news_page(7).encode())
    locked.chmod(0)
    inputs.append(BadInput("locked.html", "unreadable", "mode 000"))
    return inputs


def _big_page(size: int) -> bytes:
    """A news article, then ``size`` bytes of inline data, as a page embedding a video blob."""
    head = news_page(8).split("</article>")[0].encode() + b"</article>"
    blob = b"<script>var state = '" + b"QUJDRA" * (size // 6) + b"';</script>"
    return head + blob + b"</main></body></html>"
