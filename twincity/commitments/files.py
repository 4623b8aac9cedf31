"""Checks and stores uploaded attachments (size limit, allowed types) under MEDIA_ROOT."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from twincity.audit.log import record
from twincity.commitments.models import Attachment


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file that is too large or of a type we don't keep."""
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in settings.ATTACHMENT_EXTENSIONS:
        allowed = "、".join(settings.ATTACHMENT_EXTENSIONS)
        raise ValidationError(
            _("文件“%(name)s”的类型不允许上传；允许的类型：%(allowed)s。")
            % {"name": name, "allowed": allowed},
            code="file_type",
        )
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过大小限制（%(limit)d MB）。")
            % {"name": name, "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="file_size",
        )


def save_attachment(upload: UploadedFile, user, **owner) -> Attachment:  # type: ignore[no-untyped-def]
    """Store a checked upload for one owner: item=…, report=… or result=…."""
    check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name or "file").name[:255]
    attachment = Attachment(
        name=name, size=upload.size or 0, sha256=digest.hexdigest(), uploaded_by=user, **owner
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(
        "attachment.upload",
        actor=user,
        target=attachment,
        after={
            "name": name,
            "size": attachment.size,
            "sha256": attachment.sha256,
            **{k: v.pk for k, v in owner.items()},
        },
    )
    return attachment
