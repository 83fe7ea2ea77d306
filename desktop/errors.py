"""Turns exceptions into plain-English messages for the window, and logs the technical details.

The log gets the exception type and the stack (file, line, function) but
never the exception's message, which may hold names or student numbers.
"""

from __future__ import annotations

import logging
import traceback

log = logging.getLogger("desktop")

_KNOWN_PREFIXES = {
    "PlanNotFound": "That plan no longer exists",
    "PlanNameTaken": "That plan name is already used",
    "DatabaseUnavailable": "The database could not be opened",
    "DataSetError": "The data has errors",
    "EditRefused": "That change breaks a rule",
    "DataAlreadyPresent": "The database already holds a data set",
    "FileNotFoundError": "The file or folder was not found",
    "PermissionError": "Windows refused access to the file or folder (is it open in another program?)",
    "IsADirectoryError": "A folder was given where a file is needed",
    "NoData": "Nothing to plan yet",
    "NoPlan": "There is no plan yet",
    "PlanExists": "Not made",
    "PlanNotSaved": "The plan was not saved",
    "StoreError": "The database could not be used",
    "FolderRefused": "The documents were not saved",
    "DocumentsNotWritten": "The documents were not saved",
    "DocumentsNotCurrent": "The documents were not saved",
    "NotWritten": "Nothing was written",
}


def plain_message(exc: BaseException) -> str:
    """A short sentence a placement officer can act on."""
    name = type(exc).__name__
    detail = str(exc).strip()
    if isinstance(exc, OSError) and getattr(exc, "strerror", None):
        detail = exc.strerror or detail
    prefix = _KNOWN_PREFIXES.get(name)
    if prefix is None:
        for base in type(exc).__mro__:
            if base.__name__ in _KNOWN_PREFIXES:
                prefix = _KNOWN_PREFIXES[base.__name__]
                break
    if isinstance(exc, (ValueError, LookupError)) or prefix:
        text = f"{prefix}: {detail}" if prefix and detail else (prefix or detail)
        return _sentence(text or "Something went wrong.")
    return _sentence(
        "Something went wrong that the program did not expect"
        + (f" ({detail})" if detail and len(detail) < 200 else "")
        + ". The details are in the log file"
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def log_exception(what: str, exc: BaseException) -> None:
    """Writes where the failure happened, without the message text (it may hold personal data)."""
    # file, line and function only: the source lines may hold literal data
    frames = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__))
    log.error("%s failed with %s\n%s", what, type(exc).__name__, frames)
