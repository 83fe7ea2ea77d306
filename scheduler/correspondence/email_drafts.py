"""Email drafts as RFC 5322 ``.eml`` files that Outlook opens ready to send (``X-Unsent: 1``).

Each draft has a plain-text and an HTML body and its attachments; the app
never sends it. Built with the standard library's ``email`` package; every
header is one line (``display_text``), and an address that is not one plain
address is left out rather than let it add headers or recipients.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr

from scheduler.display_text import shown_text


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str
    """e.g. ``application/pdf`` or ``text/calendar``"""


def html_body(paragraphs: list[str], table: list[list[str]] | None = None) -> str:
    """A plain HTML body: paragraphs of escaped text, with the table (first row = header) after the second."""
    parts = [f"<p>{html.escape(text).replace(chr(10), '<br>')}</p>" for text in paragraphs]
    if table:
        head = "".join(f"<th style=\"text-align:left;padding:2px 8px\">{html.escape(c)}</th>" for c in table[0])
        rows = "".join("<tr>" + "".join(f"<td style=\"padding:2px 8px\">{html.escape(c)}</td>" for c in row)
                       + "</tr>" for row in table[1:])
        parts.insert(min(2, len(parts)), f"<table style=\"border-collapse:collapse\"><tr>{head}</tr>{rows}</table>")
    return "<html><body style=\"font-family:Segoe UI,Arial,sans-serif\">" + "".join(parts) + "</body></html>"


def text_body(paragraphs: list[str], table: list[list[str]] | None = None) -> str:
    lines = paragraphs[:2]
    if table:
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        lines.append("\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table))
    lines += paragraphs[2:]
    return "\n\n".join(lines) + "\n"


_ADDRESS = re.compile(r"[^\s@<>,;:\"()\[\]\\]+@[^\s@<>,;:\"()\[\]\\]+")


def _address(person: tuple[str, str]) -> str:
    """"Name <address>" for a header, or "" when the address is missing or not one address (a line break or a
    second address in it could add headers or recipients): that person is left for the officer to fill in."""
    name, address = person
    if not address or not _ADDRESS.fullmatch(address.strip()):
        return ""
    return formataddr((shown_text(name), address.strip()))


def email_draft(*, sender: tuple[str, str], to: list[tuple[str, str]], subject: str,
                paragraphs: list[str], table: list[list[str]] | None = None,
                attachments: Sequence[Attachment] = ()) -> bytes:
    """The draft as bytes (CRLF line ends). ``sender`` and each of ``to`` are (display name, address)."""
    message = EmailMessage(policy=SMTP)
    message["X-Unsent"] = "1"
    message["From"] = _address(sender) or formataddr((shown_text(sender[0]), ""))
    message["To"] = ", ".join(filter(None, map(_address, to)))
    message["Subject"] = shown_text(subject, 300)
    message.set_content(text_body(paragraphs, table))
    message.add_alternative(html_body(paragraphs, table), subtype="html")
    for item in attachments:
        maintype, subtype = item.mime_type.split("/", 1)
        message.add_attachment(item.content, maintype=maintype, subtype=subtype, filename=item.filename)
    return message.as_bytes()
