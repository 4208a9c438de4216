"""Download my data: everything Hearth holds about a person, as JSON and CSV in one zip.

The datasets come from accounts.personal_data: every record that points at the person
through a link marked for export, so a new model is included as soon as it is given a row
there (and tests fail until it is).
"""

import csv
import datetime
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.personal_data import links_to_people, treatment
from common.spreadsheets import safe_cell

# Translators: the README.txt in the zip of a person's data. Keep the file names as they
# are, and the columns lined up.
README = gettext_lazy("""Your data from Hearth
=====================

This zip holds everything Hearth keeps that is linked to your account, made on %(date)s at %(time)s.

profile.json / profile.csv   your account: email address, display name, how you said you
                             are connected to care, when you joined and last signed in.
<app>.<record>.<link>.json   every record linked to you, one file per kind of record and
and the same as .csv         the way it is linked (for example deliberation.vote.voter:
                             your votes). Each row has every field of the record; a link
                             to another record is shown as its number and its name.
poll_choices.json / .csv     the options you chose in each poll.

JSON keeps exact types; CSV opens in a spreadsheet. The privacy notice on the site says
why we keep each of these and for how long.
""")

PROFILE_FIELDS = [
    "id",
    "email",
    "display_name",
    "relationship_to_care",
    "date_joined",
    "last_login",
    "is_staff",
    "retention_warned_at",
    "email_digest",
    "digest_sent_at",
]


def plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return _("(binary data)")
    return value


def _row(record: models.Model) -> dict[str, Any]:
    """Every concrete field; a link to another record as its id and its name."""
    row: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        row[field.name] = plain(value)
        if field.is_relation and value is not None and field.related_model is not User:
            row[f"{field.name} (name)"] = str(getattr(record, field.name))[:200]
    return row


def _rows(field: models.ForeignKey, user: User) -> list[dict[str, Any]]:
    model = field.model
    related = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is not User and f.many_to_one
    ]
    records = model._default_manager.filter(**{field.name: user}).select_related(*related)
    return [_row(record) for record in records.order_by("pk")]


# Datasets an app above accounts adds to a person's export, by file name (registered in
# that app's AppConfig.ready()): accounts cannot import them.
_exports: dict[str, Callable[[User], list[dict[str, Any]]]] = {}


def register_export(name: str, rows: Callable[[User], list[dict[str, Any]]]) -> None:
    _exports[name] = rows


def personal_data_collect(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """Every dataset about the person, by file name (without extension)."""
    datasets: dict[str, list[dict[str, Any]]] = {
        "profile": [{name: plain(getattr(user, name)) for name in PROFILE_FIELDS}]
    }
    for field in links_to_people():
        if treatment(field).export:
            name = f"{field.model._meta.label_lower}.{field.name}"
            datasets[name] = _rows(field, user)
    for name, rows in _exports.items():
        datasets[name] = rows(user)
    return datasets


def _csv(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                safe_cell(
                    json.dumps(row.get(c)) if isinstance(row.get(c), dict | list) else row.get(c)
                )
                for c in columns
            ]
        )
    return out.getvalue()


def personal_data_export(*, user: User) -> bytes:
    """The zip a person downloads: a README, and each dataset as JSON and as CSV."""
    made = timezone.localtime()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        readme = README % {"date": date_format(made, "j F Y"), "time": date_format(made, "H:i")}
        archive.writestr("README.txt", readme)
        for name, rows in personal_data_collect(user=user).items():
            archive.writestr(
                f"{name}.json", json.dumps(rows, indent=2, ensure_ascii=False, default=str)
            )
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()
