"""Parse and check each section of an actor lexicon file into ``Entry`` values.

Every check raises ``LexiconError("file.yaml:LINE: message")``: codes must match
``^([A-Z]{3}){1,5}$``, role elements must be CAMEO roles, countries ISO 3166-1 alpha-3 codes
(pycountry), dates real dates with start <= end, titles declared in roles.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from polevents.actors.model import ROLE_CODES, Entry, Term, actor_role
from polevents.errors import LexiconError

__all__ = ["SECTIONS", "USER_ASSIGNED", "check_code", "check_mapping"]

_CODE = re.compile(r"^([A-Z]{3}){1,5}$")


def check_mapping(name: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise LexiconError(f"{name}: every entry must be a mapping, got {raw!r}")
    return raw


def check_code(where: str, code: str, *, roles_only: bool = False) -> None:
    if not _CODE.match(code):
        raise LexiconError(f"{where}: code {code!r} does not match ^([A-Z]{{3}}){{1,5}}$")
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    if roles_only and any(part not in ROLE_CODES for part in parts):
        raise LexiconError(f"{where}: unknown role code {code!r}")


# User-assigned codes in use for states ISO 3166-1 does not list (cameo_actors.md): Kosovo.
USER_ASSIGNED = frozenset({"XKX"})


def _check_country(where: str, country: Any) -> str:
    import pycountry

    if country in USER_ASSIGNED:
        return str(country)
    if not isinstance(country, str) or pycountry.countries.get(alpha_3=country) is None:
        raise LexiconError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-3 code")
    return country


def _check_date(where: str, value: Any, label: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    raise LexiconError(f"{where}: bad {label} date {value!r} (expected YYYY-MM-DD)")


def _names(where: str, raw: dict[str, Any], key: str) -> list[str]:
    values = raw.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise LexiconError(f"{where}: {key!r} must be a list of non-empty strings")
    return list(values)


def _countries(
    titles: dict[str, str], name: str, raw: dict[str, Any]
) -> Iterator[tuple[Entry, list[str]]]:
    where = f"{name}:{raw['__line__']}"
    iso = _check_country(where, raw.get("code"))
    names = _names(where, raw, "names")
    if not names:
        raise LexiconError(f"{where}: country {iso} needs at least one name")
    label = names[0]
    src = f"{name}:{raw['__line__']}"
    base = {"country": iso, "code": iso, "source": src, "name": label}
    yield Entry(key=f"country:{iso}", kind="country", **base), names
    yield Entry(key=f"capital:{iso}", kind="capital", **base), _names(where, raw, "capitals")
    yield Entry(key=f"demonym:{iso}", kind="demonym", **base), _names(where, raw, "adjectives")
    yield Entry(key=f"people:{iso}", kind="people", **base), _names(where, raw, "people")
    seats = raw.get("seats") or {}
    for seat, role in seats.items():
        if seat == "__line__":
            continue
        check_code(where, str(role), roles_only=True)
        seat_base = {**base, "code": iso + str(role), "name": seat}
        yield (
            Entry(key=f"seat:{iso}:{seat}", kind="seat", role=actor_role(str(role)), **seat_base),
            [seat],
        )


def _roles(
    titles: dict[str, str], name: str, raw: dict[str, Any]
) -> Iterator[tuple[Entry, list[str]]]:
    where = f"{name}:{raw['__line__']}"
    code = str(raw.get("code", ""))
    check_code(where, code, roles_only=True)
    title = raw.get("title")
    if title is not None and title not in titles:
        raise LexiconError(f"{where}: unknown title {title!r} (declare it under titles)")
    aliases = _names(where, raw, "aliases")
    yield (
        Entry(
            key=f"role:{where}",
            kind="role",
            name=aliases[0],
            code=code,
            role=actor_role(code),
            title=title,
            standalone=bool(raw.get("standalone", True)),
            posted=bool(raw.get("posted", False)),
            source=where,
        ),
        aliases,
    )


def _organisations(
    titles: dict[str, str], name: str, raw: dict[str, Any]
) -> Iterator[tuple[Entry, list[str]]]:
    where = f"{name}:{raw['__line__']}"
    code = str(raw.get("code", ""))
    check_code(where, code)
    kind = raw.get("kind", "igo")
    if kind not in ("igo", "ngo") or code[:3] not in ROLE_CODES:
        raise LexiconError(f"{where}: organisation {code!r} must be an IGO/NGO code")
    names = _names(where, raw, "names")
    label = str(raw.get("name") or names[0])
    yield Entry(key=f"org:{label}", kind=kind, name=label, code=code, source=where), names


def _groups(
    titles: dict[str, str], name: str, raw: dict[str, Any]
) -> Iterator[tuple[Entry, list[str]]]:
    where = f"{name}:{raw['__line__']}"
    names = _names(where, raw, "names")
    label = str(raw.get("name") or names[0])
    terms = _terms(titles, where, raw, None)
    code = str(raw["code"]) if "code" in raw else None
    if code is None and not terms:
        raise LexiconError(f"{where}: group {label!r} needs a code or terms")
    if code is not None:
        check_code(where, code)
    country = _code_country(code or terms[-1].code)
    entry = Entry(
        key=f"group:{label}",
        kind="group",
        name=label,
        code=code,
        country=country,
        terms=terms,
        source=where,
    )
    yield entry, names


def _leaders(
    titles: dict[str, str], name: str, raw: dict[str, Any]
) -> Iterator[tuple[Entry, list[str]]]:
    where = f"{name}:{raw['__line__']}"
    label = raw.get("name")
    if not isinstance(label, str) or not label:
        raise LexiconError(f"{where}: a leader needs a name")
    country = _check_country(where, raw["country"]) if raw.get("country") else None
    otherwise = str(raw.get("otherwise", "ELI"))
    check_code(where, otherwise, roles_only=True)
    terms = _terms(titles, where, raw, country)
    entry = Entry(
        key=f"person:{label}",
        kind="person",
        name=label,
        country=country,
        terms=terms,
        otherwise=otherwise,
        source=where,
    )
    yield entry, _names(where, raw, "aliases") or [label]


def _terms(
    titles: dict[str, str], where: str, raw: dict[str, Any], country: str | None
) -> tuple[Term, ...]:
    terms = []
    for item in raw.get("terms") or []:
        at = f"{where.split(':')[0]}:{item.get('__line__', where)}"
        start = _check_date(at, item.get("start"), "start")
        end = _check_date(at, item.get("end"), "end")
        if start and end and start > end:
            raise LexiconError(f"{at}: term start {start} is after its end {end}")
        title = item.get("title")
        if title is not None and title not in titles:
            raise LexiconError(f"{at}: unknown title {title!r}")
        if "code" in item:
            code = str(item["code"])
            check_code(at, code)
        else:
            role = str(item.get("role") or (titles.get(title) if title else "") or "")
            check_code(at, role, roles_only=True)
            if country is None:
                raise LexiconError(f"{at}: a term with a role needs the person's country")
            code = country + role
        terms.append(Term(start=start, end=end, code=code, title=title))
    return tuple(terms)


def _code_country(code: str) -> str | None:
    import pycountry

    head = code[:3]
    return head if head in USER_ASSIGNED or pycountry.countries.get(alpha_3=head) else None


SECTIONS: dict[str, Callable[..., Iterator[tuple[Entry, list[str]]]]] = {
    "countries": _countries,
    "roles": _roles,
    "organisations": _organisations,
    "groups": _groups,
    "leaders": _leaders,
}
