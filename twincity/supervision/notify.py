"""Notifications: inbox rows, one e-mail digest per person per day, signed webhook posts.

Every function is idempotent: a row's key (unique per recipient, or per webhook) says what
was already sent, so `twincity remind` can run every few minutes and only sends what is new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twincity.accounts.models import Membership, Role, Unit, User
from twincity.commitments.models import (
    OPEN_STATES,
    Item,
    ItemSide,
    ItemState,
    ProgressReport,
    ReportStatus,
)
from twincity.supervision.models import (
    Extension,
    ExtensionStatus,
    Notice,
    NoticeKind,
    Notification,
    UnitWebhook,
    WebhookDelivery,
)

log = logging.getLogger(__name__)

# The people of a unit: who receives its notices and whose notifications its robot posts.
UNIT_ROLES = (Role.LIAISON, Role.HEAD, Role.OFFICE)

KIND_LABELS: dict[str, Any] = {
    "item.sign": gettext_lazy("待签收"),
    "item.returned": gettext_lazy("销号退回"),
    "item.close": gettext_lazy("待销号"),
    "report.approve": gettext_lazy("待审核"),
    "report.accept": gettext_lazy("待采纳"),
    "report.returned": gettext_lazy("反馈退回"),
    "extension.decide": gettext_lazy("延期申请"),
} | {f"notice.{value}": label for value, label in NoticeKind.choices}

WEBHOOK_TIMEOUT = 5
WEBHOOK_MAX_ATTEMPTS = 5
# Attempt n (counted from 0) waits until this long after the delivery was created.
WEBHOOK_BACKOFF = [dt.timedelta(seconds=s) for s in (0, 60, 300, 1800, 7200)]
# A new or re-enabled robot posts the notifications of the last day, not the whole history.
WEBHOOK_WINDOW = dt.timedelta(days=1)
BATCH = 500


@dataclass(frozen=True)
class Message:
    """What one notification says, before it is addressed to its recipients."""

    kind: str
    title: str
    body: str
    url: str
    key: str


# --- in-app notifications ------------------------------------------------------------------------


def notify(
    users: Iterable[User | int], kind: str, title: str, body: str, url: str, key: str
) -> int:
    """Put one message in each user's inbox unless it is already there; return how many are new."""
    message = Message(kind, title[:255], body, url[:255], key[:160])
    return _deliver({_user_id(u): [message] for u in users})


def recipients_for_unit(unit: Unit) -> QuerySet[User]:
    """The active liaisons, heads (and office staff) of a unit."""
    return User.objects.filter(
        is_active=True, memberships__unit=unit, memberships__role__in=UNIT_ROLES
    ).distinct()


def notify_notice(notice: Notice) -> int:
    """Tell the notice's unit's people about an urging or supervision notice."""
    codes = "、".join(item.code for item in notice.items.all())
    items_line = _("涉及事项：%(codes)s") % {"codes": codes}
    body = notice.reason + ("\n" + items_line if codes else "")
    if notice.answer_by:
        body += "\n" + _("请于%(date)s前答复。") % {"date": f"{notice.answer_by:%Y-%m-%d}"}
    return notify(
        recipients_for_unit(notice.unit),
        f"notice.{notice.kind}",
        _("收到%(kind)s文书：%(number)s")
        % {"kind": notice.get_kind_display(), "number": notice.number},
        body,
        _url("supervision:notice_detail", notice.pk),
        f"notice:{notice.pk}",
    )


def notify_recent_notices(now: dt.datetime, extra: Sequence[Notice] = ()) -> int:
    """Notify the notices of the last week (by rule or by hand) that nobody was told about."""
    recent = Notice.objects.filter(issued_at__gte=now - dt.timedelta(days=7))
    notices = {n.pk: n for n in [*recent.select_related("unit"), *extra]}
    told = set(
        Notification.objects.filter(key__in=[f"notice:{pk}" for pk in notices]).values_list(
            "key", flat=True
        )
    )
    return sum(notify_notice(n) for pk, n in notices.items() if f"notice:{pk}" not in told)


def notify_pending_work(now: dt.datetime) -> int:
    """Tell people what awaits them now; a key per object and state notifies each event once."""
    people = _unit_people()
    office = list(
        User.objects.filter(is_active=True, memberships__role=Role.OFFICE)
        .values_list("pk", flat=True)
        .distinct()
    )
    by_user: dict[int, list[Message]] = defaultdict(list)
    for unit_id, message in _liaison_work():
        _add(by_user, people[Role.LIAISON].get(unit_id, []), message)
    for unit_id, message in _head_work():
        _add(by_user, people[Role.HEAD].get(unit_id, []), message)
    for message in _office_work():
        _add(by_user, office, message)
    return _deliver(by_user)


def _liaison_work() -> Iterable[tuple[int, Message]]:
    sides = ItemSide.objects.select_related("item", "party").filter(
        item__state=ItemState.ASSIGNED, signed_at__isnull=True
    )
    for side in sides:
        yield side.lead_unit_id, _item_message(side.item, "item.sign", _("待签收"), side)
    returned = ItemSide.objects.select_related("item").filter(item__state=ItemState.RETURNED)
    for side in returned:
        yield side.lead_unit_id, _item_message(side.item, "item.returned", _("销号申请被退回"))
    for report in _returned_reports():
        yield report.unit_id, _report_message(report, "report.returned", _("进展反馈被退回"))


def _head_work() -> Iterable[tuple[int, Message]]:
    for report in _reports(ReportStatus.SUBMITTED):
        yield report.unit_id, _report_message(report, "report.approve", _("进展反馈待审核"))


def _office_work() -> Iterable[Message]:
    for report in _reports(ReportStatus.APPROVED):
        yield _report_message(report, "report.accept", _("进展反馈待采纳"))
    for item in Item.objects.filter(state=ItemState.CLOSURE_REQUESTED):
        yield _item_message(item, "item.close", _("申请销号待核验"))
    pending = Extension.objects.select_related("item", "party")
    for ext in pending.filter(status=ExtensionStatus.PENDING):
        title = _("延期申请待审批")
        body = _("%(party)s申请延期至%(date)s：%(reason)s") % {
            "party": ext.party,
            "date": f"{ext.new_deadline:%Y-%m-%d}",
            "reason": ext.reason,
        }
        url = _url("supervision:extensions") or _url("commitments:item_detail", ext.item_id)
        yield Message(
            "extension.decide", f"{title}：{ext.item}", body, url, f"extension:{ext.pk}:pending"
        )


def _reports(status: str) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(status=status).select_related("item", "party", "unit")


def _returned_reports() -> QuerySet[ProgressReport]:
    """Returned reports of open items that no later report of the same side replaced."""
    newer = ProgressReport.objects.filter(
        item=OuterRef("item"), party=OuterRef("party"), submitted_at__gt=OuterRef("submitted_at")
    )
    return (
        _reports(ReportStatus.RETURNED).filter(item__state__in=OPEN_STATES).exclude(Exists(newer))
    )


def _item_message(item: Item, kind: str, title: str, side: ItemSide | None = None) -> Message:
    # The version moves with every change, so a new request (after a return) notifies again.
    key = f"{kind}:{item.pk}:v{item.version}"
    body = _("完成时限：%(date)s") % {"date": f"{item.deadline:%Y-%m-%d}" if item.deadline else "—"}
    if side is not None:
        key = f"{kind}:{item.pk}:{side.party_id}:{side.lead_unit_id}"
        body = _("%(party)s牵头单位请签收。") % {"party": side.party} + "\n" + body
    url = _url("commitments:item_detail", item.pk)
    return Message(kind, f"{title}：{item.code} {item.title}", body, url, key)


def _report_message(report: ProgressReport, kind: str, title: str) -> Message:
    body = f"{report.unit} · {report.percent}%\n{report.progress_text[:200]}"
    if report.status == ReportStatus.RETURNED and report.return_reason:
        body += "\n" + _("退回原因：%(reason)s") % {"reason": report.return_reason}
    url = _url("commitments:report_detail", report.pk)
    key = f"{kind}:{report.pk}:v{report.version}"
    return Message(kind, f"{title}：{report.item.code} {report.item.title}", body, url, key)


def _unit_people() -> dict[str, dict[int, list[int]]]:
    """Active users by role and unit, in one query."""
    rows = Membership.objects.filter(
        user__is_active=True, unit__isnull=False, role__in=[Role.LIAISON, Role.HEAD]
    ).values_list("role", "unit_id", "user_id")
    people: dict[str, dict[int, list[int]]] = {Role.LIAISON: {}, Role.HEAD: {}}
    for role, unit_id, user_id in rows:
        people[role].setdefault(unit_id, []).append(user_id)
    return people


def _add(by_user: dict[int, list[Message]], users: Iterable[int], message: Message) -> None:
    for user_id in users:
        by_user[user_id].append(message)


def _deliver(by_user: dict[int, list[Message]]) -> int:
    """Create the inbox rows that do not exist yet; return how many were created."""
    wanted = [(uid, m) for uid, messages in by_user.items() for m in messages]
    existing: set[tuple[int, str]] = set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        existing |= set(
            Notification.objects.filter(
                recipient_id__in={uid for uid, _m in chunk}, key__in={m.key for _u, m in chunk}
            ).values_list("recipient_id", "key")
        )
    rows, seen = [], set(existing)
    for uid, m in wanted:
        if (uid, m.key) in seen:
            continue
        seen.add((uid, m.key))
        rows.append(
            Notification(
                recipient_id=uid, kind=m.kind, title=m.title, body=m.body, url=m.url, key=m.key
            )
        )
    Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _user_id(user: User | int) -> int:
    return user if isinstance(user, int) else user.pk


def _url(name: str, *args: int) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, _("通知")))


# --- e-mail digests ------------------------------------------------------------------------------


def send_digests(now: dt.datetime) -> int:
    """E-mail each person their unread, not yet e-mailed notifications, at most once a day."""
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    mailed_today = Notification.objects.filter(emailed_at__gte=day_start).values("recipient_id")
    pending = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .filter(recipient__is_active=True)
        .exclude(recipient__email="")
        .exclude(recipient_id__in=mailed_today)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for row in pending:
        by_user[row.recipient_id].append(row)
    return sum(_send_digest(rows, now) for rows in by_user.values())


def _send_digest(rows: list[Notification], now: dt.datetime) -> int:
    # Claim the rows first, so that a second run at the same moment cannot send them again.
    ids = [row.pk for row in rows]
    if not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now):
        return 0
    user = rows[0].recipient
    try:
        digest_message(user, rows).send()
    except Exception:  # a mail server that is down must not stop the other reminders
        log.exception("digest to %s failed", user.email)
        Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
        return 0
    return 1


def digest_message(user: User, rows: list[Notification]) -> EmailMessage:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    subject = _("【双城经济圈协同平台】您有 %(count)d 条新通知") % {"count": len(rows)}
    lines = [_("%(name)s，您好：") % {"name": user}, ""]
    for row in rows:
        lines.append(f"· {timezone.localtime(row.created_at):%m-%d %H:%M} {row.title}")
        lines += [f"  {line}" for line in row.body.splitlines() if line.strip()]
        if row.url:
            lines.append(f"  {site}{row.url}")
    lines += [
        "",
        _("登录平台查看全部通知：%(url)s") % {"url": site + _url("supervision:inbox")},
    ]
    return EmailMessage(subject, "\n".join(lines), to=[user.email])


# --- webhooks ------------------------------------------------------------------------------------


def deliver_webhooks(now: dt.datetime) -> int:
    """Queue each unit's new notifications for its robot, post what is due; return how many
    posts succeeded. A failed post is retried on later runs with back-off, at most 5 times."""
    sent = 0
    for webhook in UnitWebhook.objects.filter(active=True).select_related("unit"):
        queue_deliveries(webhook, now)
        sent += sum(bool(attempt(webhook, d, now)) for d in _due(webhook, now))
    return sent


def retries_waiting() -> int:
    """Deliveries that failed and will be tried again."""
    return WebhookDelivery.objects.filter(
        sent_at__isnull=True, attempts__gt=0, attempts__lt=WEBHOOK_MAX_ATTEMPTS
    ).count()


def queue_deliveries(webhook: UnitWebhook, now: dt.datetime) -> int:
    """One delivery per notification key addressed to the unit's people (deduplicated)."""
    people = recipients_for_unit(webhook.unit).values("pk")
    rows = Notification.objects.filter(
        recipient__in=people, created_at__gte=now - WEBHOOK_WINDOW, created_at__lte=now
    ).order_by("created_at", "id")
    done = set(webhook.deliveries.values_list("key", flat=True))
    new: dict[str, WebhookDelivery] = {}
    for row in rows:
        if row.key not in done and row.key not in new:
            new[row.key] = WebhookDelivery(
                webhook=webhook, key=row.key, payload=webhook_payload(webhook.unit, row)
            )
    WebhookDelivery.objects.bulk_create(new.values(), ignore_conflicts=True)
    return len(new)


def webhook_payload(unit: Unit, row: Notification) -> dict[str, Any]:
    """A text message that WeCom and DingTalk robots accept, plus the structured fields."""
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    link = f"\n{site}{row.url}" if row.url else ""
    return {
        "msgtype": "text",
        "text": {"content": f"【{unit}】{row.title}\n{row.body}{link}".strip()},
        "notification": {
            "key": row.key,
            "kind": row.kind,
            "title": row.title,
            "body": row.body,
            "url": row.url,
            "created_at": row.created_at.isoformat(),
        },
        "unit": {"code": unit.code, "name": unit.name},
    }


def _due(webhook: UnitWebhook, now: dt.datetime) -> list[WebhookDelivery]:
    waiting = webhook.deliveries.filter(
        sent_at__isnull=True, attempts__lt=WEBHOOK_MAX_ATTEMPTS
    ).order_by("created_at", "id")
    return [d for d in waiting if now >= d.created_at + WEBHOOK_BACKOFF[d.attempts]]


def attempt(webhook: UnitWebhook, delivery: WebhookDelivery, now: dt.datetime) -> bool | None:
    """Post one delivery; True if sent, False if it failed, None if another run took it."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, sent_at__isnull=True
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return None
    status, ok = post_signed(webhook.url, webhook.secret, delivery.payload, now)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        last_status=status[:64], sent_at=now if ok else None
    )
    if not ok:
        log.warning("webhook %s for %s failed: %s", delivery.key, webhook.unit, status)
    return ok


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def post_signed(
    url: str, secret: str, payload: dict[str, Any], now: dt.datetime
) -> tuple[str, bool]:
    """POST the JSON payload, signed; return (status text, success). Never raises."""
    if not url.lower().startswith(("http://", "https://")):
        return "invalid url", False
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(now.timestamp()))
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("X-Twincity-Timestamp", timestamp)
    request.add_header("X-Twincity-Signature", sign(secret, timestamp, body))
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return f"HTTP {response.status}", 200 <= response.status < 300
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}", False
    except Exception as error:  # unreachable, timeout, TLS: the next run tries again
        return f"{type(error).__name__}: {error}", False
