"""The urging ladder's notices for the latest rounds, as `twincity remind` would have issued
them: an urge (催办) the day after the due date to each unit with reports late or missing,
supervision (督办) a week later for those still missing, a bulletin (通报) at the close. The
keys follow `supervision/ladder.py`, so that a later `remind` does not issue them again."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from twincity.home import demo_data as d
from twincity.scale import names
from twincity.scale.items import Late
from twincity.scale.org import Org
from twincity.scale.plan import DAY, Calendar, Rng, Round
from twincity.scale.writer import Writer
from twincity.supervision.models import Notice, NoticeKind

NOTICE_ROUNDS = 4  # only the latest rounds' notices


@dataclass
class Draft:
    kind: str
    unit: int
    issued: dt.datetime
    round: Round
    reason: str
    answer_by: dt.date
    key: str
    items: list[int]
    issued_by: int | None = None
    answer: str = ""


def build_notices(
    w: Writer, org: Org, cal: Calendar, rng: Rng, rounds: list[Round], late: Late
) -> None:
    drafts: list[Draft] = []
    for rnd in rounds[-NOTICE_ROUNDS:]:
        for (index, unit), items in sorted(late.items()):
            if index == rnd.index:
                drafts += _ladder(rng, org, cal, rnd, unit, items)
    drafts.sort(key=lambda n: (n.issued, n.kind, n.unit))
    seq: dict[tuple[str, int], int] = defaultdict(int)
    rows: list[dict[str, Any]] = []
    links: list[tuple[int, int]] = []
    for pk, n in zip(w.ids(Notice, len(drafts)), drafts, strict=True):
        year = cal.day_of(n.issued).year
        seq[(n.kind, year)] += 1
        rows.append(
            {
                "id": pk,
                "kind": n.kind,
                "year": year,
                "seq": seq[(n.kind, year)],
                "unit_id": n.unit,
                "round_id": n.round.id,
                "reason": n.reason,
                "issued_at": n.issued,
                "issued_by_id": n.issued_by,
                "answer_by": n.answer_by,
                "answered_at": n.issued + DAY * 2 if n.answer else None,
                "answered_by_id": org.liaison.get(n.unit) if n.answer else None,
                "answer": n.answer,
                "key": n.key,
            }
        )
        links += [(pk, item) for item in n.items]
    w.write_dicts(Notice, rows)
    through = Notice.items.through
    w.write(through, ["id", "notice_id", "item_id"], w.numbered(through, links))


def _ladder(
    rng: Rng,
    org: Org,
    cal: Calendar,
    rnd: Round,
    unit: int,
    rows: list[tuple[int, dt.date | None]],
) -> list[Draft]:
    urge_day, supervise_day = rnd.due + DAY, rnd.due + DAY * 8
    if urge_day > cal.last:
        return []
    answer = d.REPLY if (cal.today - rnd.due).days > 60 else ""
    urge_key = f"urge:round:{rnd.id}:{unit}:{urge_day}"
    reason = names.URGE_REASON.format(period=rnd.period, due=f"{rnd.due:%Y-%m-%d}")
    items = sorted({item for item, _day in rows})
    out = [
        Draft(NoticeKind.URGE, unit, cal.at(urge_day, 7), rnd, reason, urge_day + DAY * 10,
              urge_key, items, answer=answer)
    ]  # fmt: skip
    still = sorted({item for item, day in rows if day is None or day > supervise_day - DAY})
    if not still or supervise_day > cal.last:
        return out
    answer_by = supervise_day + DAY * 10
    reason = names.SUPERVISE_REASON.format(date=f"{answer_by:%Y-%m-%d}")
    out.append(
        Draft(NoticeKind.SUPERVISE, unit, cal.at(supervise_day, 7), rnd, reason, answer_by,
              f"supervise:{urge_key}", still, answer=answer)
    )  # fmt: skip
    missing = sorted({item for item, day in rows if day is None})
    if rnd.closed is None or not missing:
        return out
    out.append(
        Draft(NoticeKind.BULLETIN, unit, rnd.closed, rnd,
              names.BULLETIN_REASON.format(period=rnd.period), cal.day_of(rnd.closed) + DAY * 10,
              f"bulletin:round:{rnd.id}:{unit}", missing, issued_by=rng.choice(org.office))
    )  # fmt: skip
    return out
