from pathlib import Path

import pytest

from polevents.coding.codebook import PLOVER_TYPES, load_codebook
from polevents.errors import LexiconError

HEADER = "code\troot\tquad_class\tgoldstein\tplover_type\tplover_mode\tname\n"


def test_codebook_has_every_root_and_consistent_values() -> None:
    book = load_codebook()
    roots = {info.root for info in book.codes.values()}
    assert roots == {f"{r:02d}" for r in range(1, 21)}
    for info in book.codes.values():
        assert info.code.startswith(info.root)
        assert -10 <= info.goldstein <= 10
        assert info.plover_type == "" or info.plover_type in PLOVER_TYPES
        expected_quad = (
            1 if info.root <= "05" else 2 if info.root <= "09" else 3 if info.root <= "14" else 4
        )
        assert info.quad_class == expected_quad


@pytest.mark.parametrize(
    ("code", "root", "quad", "goldstein", "plover"),
    [
        ("042", "04", 1, 1.9, "CONSULT"),
        ("163", "16", 4, -8.0, "COERCE"),
        ("190", "19", 4, -10.0, "ASSAULT"),
        ("0841", "08", 2, 7.0, "RETREAT"),
        ("111", "11", 3, -2.0, "ACCUSE"),
    ],
)
def test_codebook_lookup(code: str, root: str, quad: int, goldstein: float, plover: str) -> None:
    info = load_codebook().lookup(code)
    assert (info.root, info.quad_class, info.goldstein, info.plover_type) == (
        root,
        quad,
        goldstein,
        plover,
    )


def test_codebook_unknown_code_is_an_error() -> None:
    with pytest.raises(LexiconError):
        load_codebook().lookup("999")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("042\t05\t1\t1.9\tCONSULT\tvisit\tVisit\n", "bad code"),
        ("042\t04\t7\t1.9\tCONSULT\tvisit\tVisit\n", "out of range"),
        ("042\t04\t1\t1.9\tCONSUL\tvisit\tVisit\n", "PLOVER"),
        ("042\t04\t1\t1.9\tCONSULT\tVisit\n", "columns"),
    ],
)
def test_codebook_loader_rejects_bad_rows(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + row)
    with pytest.raises(LexiconError, match=message):
        load_codebook(path)
