"""The data set as a user handles it: check, import, export, template, demo data, settings.

An import is all or nothing: the file is parsed and validated first, and only
a data set without errors is written, in one transaction that also removes
the old data set and its plans (when ``replace`` is given). The exchange
module (and with it openpyxl) is imported only when a file is read or written.
Checking and importing give back ``scheduler.exchange.ValidationResult``
(the architecture's "ImportCheck"): problems, warnings, raw tables, data set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from scheduler.domain import DataSet
from scheduler.services import audit, backups
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import repository

if TYPE_CHECKING:
    from scheduler.demo import Scale
    from scheduler.exchange import ColumnMapping, ValidationResult

class DataAlreadyPresent(Exception):
    """Raised by ``import_data`` when the database holds a data set and ``replace`` was not asked for."""

    def __init__(self) -> None:
        super().__init__("the database already holds a data set; import with replace (--replace) to overwrite "
                         "it and delete its plans")


def check_data(path: str | Path, mapping: ColumnMapping | None = None) -> ValidationResult:
    """Parses and validates a CSV folder or .xlsx workbook (read through a column ``mapping`` if given, see
    ``services.mappings``); never raises for bad data."""
    from scheduler import exchange

    return exchange.check(path, mapping)


def import_data(ws: Workspace, path: str | Path, replace: bool = False,
                mapping: ColumnMapping | None = None) -> ValidationResult:
    """Checks the data (through the column ``mapping``, if given) and, when it has no errors, writes it in one
    transaction.

    Raises ``DataAlreadyPresent`` when data exists and ``replace`` is False.
    On any error in the data the database is left exactly as it was; the
    result's ``errors`` say why.
    """
    if not replace and has_data(ws):
        raise DataAlreadyPresent()
    result = check_data(path, mapping)
    if not result.ok or result.dataset is None:
        return result
    from scheduler.exchange import Problem

    if replace:
        empty = empty_required_tables(result.dataset)
        if empty:
            plans = counts(ws).get("plans", 0)
            for table in empty:
                result.errors.append(Problem(table, None, None, (
                    f"the table has no rows; replacing would delete the whole stored data set and its {plans} "
                    "plan(s) for an empty one. Add the rows (or check you chose the right file)")))
            result.dataset = None
            return result

    if replace and has_data(ws):
        backups.automatic_backup(ws, "before-import")

    dataset = result.dataset

    def write(s) -> None:
        if not replace and repository.has_data(s):
            raise DataAlreadyPresent()
        repository.replace_dataset(s, dataset)
        audit.record(s, "import", str(path), "replace" if replace else "", _import_note(dataset))

    try:
        ws.database.write("import", write)
    except IntegrityError as exc:
        # the validator should have caught it; report it rather than crash (the driver's reason only: no values)
        from scheduler.store.failures import driver_reason

        result.errors.append(Problem("database", None, None, f"the data breaks a database rule: {driver_reason(exc)}"))
        result.dataset = None
    return result


REQUIRED_WITH_ROWS = ("practices", "students", "blocks")
"""Tables the contract requires; a data set with one of them empty cannot be planned."""


def empty_required_tables(dataset: DataSet) -> list[str]:
    return [name for name in REQUIRED_WITH_ROWS if not getattr(dataset, name)]


@dataclass(frozen=True)
class Replacement:
    """What replacing the stored data set by a new one would change: rows per table, before and after."""

    before: dict[str, int]
    after: dict[str, int]
    plans: int

    @property
    def much_smaller(self) -> list[str]:
        """Required tables that would keep less than half their rows: worth asking the officer first."""
        return [t for t in REQUIRED_WITH_ROWS if self.after.get(t, 0) * 2 < self.before.get(t, 0)]

    @classmethod
    def of(cls, stored: dict[str, int], new: dict[str, int]) -> Replacement:
        """From the counts of the stored data set (``counts(ws)``, or the window's snapshot of them) and of the new one."""
        return cls({k: stored.get(k, 0) for k in REQUIRED_WITH_ROWS}, {k: new.get(k, 0) for k in REQUIRED_WITH_ROWS},
                   stored.get("plans", 0))
def _import_note(d: DataSet) -> str:
    tutors = f", {len(d.tutors)} tutors" if d.tutors else ""
    return f"{len(d.students)} students, {len(d.practices)} practices, {len(d.blocks)} blocks{tutors}"


def has_data(ws: Workspace) -> bool:
    with ws.session() as s:
        return repository.has_data(s)


def counts(ws: Workspace) -> dict[str, int]:
    """Rows per table (students, practices, blocks, plans, travel …); placements of the current plan."""
    with ws.session() as s:
        return repository.counts(s)


def load_dataset(ws: Workspace) -> DataSet:
    with ws.session() as s:
        return repository.load_dataset(s)


def export_data(ws: Workspace, path: str | Path) -> Path:
    """Writes the stored data set as one .xlsx workbook (by suffix) or a folder of CSV files."""
    path = Path(path)
    _write_dataset(load_dataset(ws), path)
    return path


def write_template(path: str | Path) -> Path:
    """An empty workbook with the contract's sheets, headers, notes and data validation."""
    from scheduler import exchange

    return exchange.write_template(Path(path))


def write_demo(path: str | Path, seed: int = 1, scale: Scale = "small") -> DataSet:
    """Generates a realistic demo data set and writes it as CSV files (or one .xlsx workbook)."""
    from scheduler.demo import make_demo

    data = make_demo(seed=seed, scale=scale)
    _write_dataset(data, Path(path))
    return data


def _write_dataset(data: DataSet, path: Path) -> None:
    """One .xlsx workbook when the name ends .xlsx, else a folder of CSV files swapped in whole (a folder that
    holds other files is refused; one of only the tables' CSV files is an earlier export)."""
    from scheduler import exchange
    from scheduler.exchange.atomic import folder_written_whole
    from scheduler.exchange.schema import TABLES

    if path.suffix.lower() == ".xlsx":
        exchange.write_dataset_xlsx(data, path)
        return
    with folder_written_whole(path, "the data set", own=[f"{name}.csv" for name in TABLES]) as staging:
        exchange.write_dataset_csv(data, staging.path)


def load_settings(ws: Workspace) -> Settings:
    with ws.session() as s:
        return repository.load_settings(s)


def save_settings(ws: Workspace, settings: Settings, expected_version: int | None = None) -> None:
    """Saves the settings; with ``expected_version`` (``settings_version``), refuses with ``SettingsChanged``
    when another officer saved them since."""
    with ws.session() as s:
        old = repository.load_settings(s)
        repository.save_settings(s, settings, expected_version)
        if old != settings:
            audit.record(s, "settings", "settings", *audit.settings_changes(old.to_dict(), settings.to_dict()))


def settings_version(ws: Workspace) -> int:
    with ws.session() as s:
        return repository.settings_version(s)
