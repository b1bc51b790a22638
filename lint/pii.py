"""Personal-data detectors (个人隐私信息, 宝鸡 第十三条(二)): resident ID numbers, mobile
numbers and bank card numbers, shared by the CNT001–CNT003 page rules and the
attachment scan (``lint.attachments``).

Every pattern is linear-time: no nested quantifiers, only bounded repetitions and
fixed-width look-arounds, so adversarial input costs one pass. A candidate is then
validated in Python:

- ID (GB 11643-1999): ``(?<!\\d)\\d{17}[\\dXx](?!\\d)``, a known province code, a real birth
  date between 1900 and 2099 not in the future, and the ISO 7064 MOD 11-2 check digit;
- mobile: ``1[3-9]`` + 9 digits (optionally ``+86``, optionally grouped 3-4-4), not part
  of a longer number; landlines (``0519-00000000``) and service numbers never match;
- card: 16–19 digits (optionally grouped by 4) passing the Luhn check, with a card-like
  first digit, and not an ID number, a date/time stamp, a 文号 or a phone number.

A masked value (``3299**********123X``, ``138****1234``, ``6222 **** **** 1234``) never
matches: ``*`` is not a digit. Findings show values masked (:func:`mask`) so the report
does not repeat the leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE_RE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[- ]?)?(1[3-9][0-9](?:[0-9]{8}|[- ][0-9]{4}[- ][0-9]{4}))(?![0-9])")
CARD_RE = re.compile(r"(?<![0-9])([0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?)(?![0-9])")
# Every match of the three patterns above holds 11 digits in a row or a digit, a separator, four
# digits, a separator and a digit (a grouped number): text without either holds no candidate.
HINT_RE = re.compile(r"[0-9](?:[0-9]{10}|[- ][0-9]{4}[- ][0-9])")
# 文号 context: 〔2026〕123456… or …号 right after the number
DOCNO_BEFORE_RE = re.compile(r"[〔\[［(（]\s*$")
DOCNO_AFTER_RE = re.compile(r"^\s*号")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes (first two digits of an ID number).
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83", "91",
})
CARD_FIRST = frozenset("345689")

KIND_ID = "id"
KIND_MOBILE = "mobile"
KIND_CARD = "card"
KIND_NAMES = {KIND_ID: "居民身份证号码", KIND_MOBILE: "手机号码", KIND_CARD: "银行卡号"}


@dataclass(frozen=True)
class PiiMatch:
    kind: str  # id | mobile | card
    start: int
    end: int
    value: str  # as written in the text

    @property
    def digits(self) -> str:
        return re.sub(r"[^0-9Xx]", "", self.value)

    @property
    def masked(self) -> str:
        return mask(self.kind, self.digits)

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


# --- validators --------------------------------------------------------------------------------

def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_valid_id(number: str, today: date | None = None) -> bool:
    """An 18-character resident ID number (GB 11643): province, birth date, check digit."""
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789Xx":
        return False
    if number[:2] not in PROVINCES:
        return False
    born = birth_date(number)
    if born is None or born.year < 1900 or born > (today or date.today()):
        return False
    return id_check_digit(number[:17]) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _looks_like_timestamp(digits: str) -> bool:
    """A date or date-time stamp such as 20261124093000000 (YYYYMMDD[HHMMSS…])."""
    if not digits.startswith(("19", "20")):
        return False
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def is_card_number(digits: str) -> bool:
    if not 16 <= len(digits) <= 19 or not digits.isdigit():
        return False
    if digits[0] not in CARD_FIRST or len(set(digits)) < 4:
        return False
    if len(digits) == 18 and is_valid_id(digits):
        return False
    if _looks_like_timestamp(digits):
        return False
    return luhn_ok(digits)


def mask(kind: str, digits: str) -> str:
    if kind == KIND_ID:
        return digits[:4] + "*" * 10 + digits[-4:]
    if kind == KIND_MOBILE:
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


# --- scanning ----------------------------------------------------------------------------------

def find_ids(text: str, today: date | None = None) -> list[PiiMatch]:
    return [PiiMatch(KIND_ID, m.start(), m.end(), m.group(0)) for m in ID_RE.finditer(text)
            if is_valid_id(m.group(0), today)]


def find_mobiles(text: str) -> list[PiiMatch]:
    out = []
    for m in MOBILE_RE.finditer(text):
        # the +86 prefix is matched (so "8613812345678" is not a longer digit run) but not kept
        out.append(PiiMatch(KIND_MOBILE, m.start(1), m.end(1), m.group(1)))
    return out


def find_cards(text: str) -> list[PiiMatch]:
    out = []
    for m in CARD_RE.finditer(text):
        raw = m.group(1)
        digits = re.sub(r"[ -]", "", raw)
        if not is_card_number(digits):
            continue
        if DOCNO_BEFORE_RE.search(text[max(0, m.start() - 3):m.start()]) or DOCNO_AFTER_RE.match(
                text[m.end():m.end() + 3]):
            continue
        out.append(PiiMatch(KIND_CARD, m.start(), m.end(), raw))
    return out


def scan(text: str, kinds: tuple[str, ...] = (KIND_ID, KIND_MOBILE, KIND_CARD),
         today: date | None = None) -> list[PiiMatch]:
    """Every personal-data match of ``kinds`` in ``text``, in order of position."""
    found: list[PiiMatch] = []
    if KIND_ID in kinds:
        found += find_ids(text, today)
    if KIND_MOBILE in kinds:
        found += find_mobiles(text)
    if KIND_CARD in kinds:
        found += find_cards(text)
    return sorted(found, key=lambda m: (m.start, m.kind))


def fake_id(region: str = "329900", birth: str = "19900101", seq: str = "123") -> str:
    """A checksum-valid ID number for tests (region 3299xx is not a real prefecture)."""
    first17 = region + birth + seq
    return first17 + id_check_digit(first17)
