"""Accounts bound to committees: which committees' figures an account may write.

A 录入员 may be bound to one or more committees (``add-user --committee``, the accounts
form of a 管理员, or an identity-provider claim named in ``[staff]``). Such an account
uploads, previews, applies and undoes only figures of those committees: a file with
any row of another committee is refused whole, naming those rows, and nothing is
written. 管理员 and unbound accounts keep every committee. The pipeline runs these
checks for the page and the CLI alike (``Scope`` is None for no limit).
"""

from dataclasses import dataclass

from cppcc.upload.access import ADMIN
from cppcc.upload.importing import RawRow
from cppcc.upload.parsing import ParseError, committee_resolver
from cppcc.upload.validate import Problem


@dataclass(frozen=True)
class Scope:
    """The committees an account may write: codes, and short names for messages."""

    user: str
    adcodes: frozenset[str]
    names: tuple[str, ...]

    def allows(self, adcode: str) -> bool:
        return adcode in self.adcodes

    @property
    def named(self) -> str:
        return "、".join(self.names)


def resolve(values: list[str], committees: list[dict]) -> list[str]:
    """Committee names, short names or codes → codes, in catalogue order; ValueError
    naming every one that is not in the catalogue."""
    lookup = committee_resolver(committees)
    found, problems = set(), []
    for value in values:
        try:
            found.add(lookup(value))
        except ParseError as error:
            problems.append(str(error))
    if problems:
        raise ValueError("；".join(problems))
    return [c["adcode"] for c in committees if c["adcode"] in found]


def scope_for(user: str, role: str | None, adcodes, committees: list[dict]) -> Scope | None:
    """The account's limit, or None: 管理员 and unbound accounts write any committee."""
    if role == ADMIN or not adcodes:
        return None
    names = {c["adcode"]: c["short_zh"] for c in committees}
    bound = [a for a in adcodes if a in names] or list(adcodes)
    return Scope(user, frozenset(adcodes), tuple(names.get(a, a) for a in bound))


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] → “2–4、7”."""
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}–{number}")
            start = None
    return "、".join(parts)


def outside_rows(rows: list[RawRow], committees: list[dict], scope: Scope | None) -> list[Problem]:
    """One problem per other committee named in the file, listing its rows; rows whose
    committee cannot be read are left to the validation, which names them."""
    if scope is None:
        return []
    lookup = committee_resolver(committees)
    names = {c["adcode"]: c["short_zh"] for c in committees}
    others: dict[str, list[int]] = {}
    for row in rows:
        try:
            adcode = lookup(row.cells.get("委员会"))
        except ParseError:
            continue
        if not scope.allows(adcode):
            others.setdefault(adcode, []).append(row.number)
    return [
        Problem(
            numbers[0],
            "委员会",
            f"第{_ranges(numbers)}行是“{names.get(adcode, adcode)}”的数字；"
            f"账号 {scope.user} 只能上传 {scope.named} 的数字。整个文件没有写入，"
            "请只上传本委员会的工作簿，或删去这些行后再上传；其他委员会的数字请由其录入员"
            "或管理员上传。",
        )
        for adcode, numbers in others.items()
    ]


def outside_adcodes(adcodes, scope: Scope | None, names: dict[str, str]) -> list[str]:
    """Short names of the committees in ``adcodes`` the scope does not allow."""
    if scope is None:
        return []
    return [names.get(a, a) for a in dict.fromkeys(adcodes) if not scope.allows(a)]
