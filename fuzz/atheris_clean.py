"""Coverage-guided fuzzing of reading and cleaning with atheris (libFuzzer); ``make fuzz-atheris``.

Each input is the bytes of one page, as a crawler would hand them over. It goes through the
same entry points as ``polevents ingest``: ``ingest.readers.to_document`` (size limit,
encoding, HTML sniffing) and ``service.clean_documents`` (extraction, stories, language,
near-duplicates). ``fail_fast`` is on, so a bug raises here instead of becoming a
``bug`` skip. A skip with an expected reason is a normal outcome; any other exception,
or a skip reason outside the expected ones, is a finding and stops the run.

Run by hand: ``.venv/bin/python fuzz/atheris_clean.py -atheris_runs=20000 [corpus dirs]``.
"""

from __future__ import annotations

import logging
import sys

import atheris

with atheris.instrument_imports(include=["polevents", "trafilatura", "justext", "htmldate",
                                         "charset_normalizer", "py3langid"]):  # fmt: skip
    from polevents.clean import articles as _articles  # noqa: F401  (instrument the lazy import)
    from polevents.ingest.readers import to_document
    from polevents.service import clean_documents
    from polevents.settings import load_settings
    from polevents.types import RawDocument, Skip

SETTINGS = load_settings(max_page_bytes=200_000, fail_fast=True)
READ_REASONS = {"empty", "binary", "too_large", "bad_encoding"}
CLEAN_REASONS = {"no_body"}


def test_one_input(data: bytes) -> None:
    item = to_document(data, doc="atheris", origin="atheris", settings=SETTINGS)
    if isinstance(item, Skip):
        if item.reason not in READ_REASONS:
            raise AssertionError(f"unexpected read skip {item.reason!r}: {item.detail}")
        return
    assert isinstance(item, RawDocument) and item.text.strip(), item
    [result] = clean_documents([item], settings=SETTINGS)
    for skip in result.skips:
        if skip.reason not in CLEAN_REASONS and not skip.reason.startswith("language:"):
            raise AssertionError(f"unexpected clean skip {skip.reason!r}: {skip.detail}")
    assert [a.story for a in result.articles] == list(range(len(result.articles)))
    for article in result.articles:
        assert article.body.strip() and article.language in SETTINGS.languages, article
        assert article.doc_id == item.doc_id


def main() -> None:
    logging.disable(logging.WARNING)  # cut pages and skips log warnings on every other input
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
