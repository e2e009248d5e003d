from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polevents.nlp.dates import is_future_expression, resolve_date, resolve_month

PUBLISHED = date(2025, 6, 26)  # a Thursday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Monday", date(2025, 6, 23)),
        ("Thursday", date(2025, 6, 26)),  # the publication day itself
        ("on Friday", date(2025, 6, 20)),
        ("Sunday evening", date(2025, 6, 22)),
        ("last Tuesday", date(2025, 6, 24)),
        ("yesterday", date(2025, 6, 25)),
        ("two days ago", date(2025, 6, 24)),
        ("on June 3", date(2025, 6, 3)),
        ("16 May", date(2025, 5, 16)),
        ("on June 30", date(2024, 6, 30)),  # no year, after publication: last year's
        ("March 3, 2024", date(2024, 3, 3)),
    ],
)
def test_resolve_date_names_the_day(expression: str, expected: date) -> None:
    assert resolve_date(expression, PUBLISHED) == expected


@pytest.mark.parametrize(
    "expression", ["for three years", "the 1970s", "in 2019", "several weeks", "recent years", ""]
)
def test_resolve_date_refuses_periods_and_years(expression: str) -> None:
    assert resolve_date(expression, PUBLISHED) is None


@pytest.mark.parametrize(
    ("expression", "future"),
    [
        ("next week", True),
        ("tomorrow", True),
        ("later this month", True),
        ("last week", False),
        ("on Monday", False),
    ],
)
def test_is_future_expression(expression: str, future: bool) -> None:
    assert is_future_expression(expression) is future


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("in June 2024", date(2024, 6, 30)),
        ("in March", date(2025, 3, 31)),
        ("in December", date(2024, 12, 31)),
        ("on Monday", None),
    ],
)
def test_resolve_month_gives_the_month_end(expression: str, expected: date | None) -> None:
    assert resolve_month(expression, PUBLISHED) == expected


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(WEEKDAYS)
)
def test_resolve_date_weekday_is_within_the_week_before_publication(
    published: date, day: str
) -> None:
    resolved = resolve_date(f"on {day}", published)
    assert resolved is not None
    assert 0 <= (published - resolved).days <= 6
    assert WEEKDAYS[resolved.weekday()] == day
