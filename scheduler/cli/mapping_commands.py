"""The column-mapping commands: ``mapping save NAME FILE``, ``mapping show NAME``, ``mapping list``; and the
``--mapping NAME|FILE`` option of ``import``.

Thin over ``scheduler.services.mappings``. A faulty mapping is refused with each fault named by row and column.
"""

from __future__ import annotations

import argparse
import sys

from scheduler.cli.errors import EXIT_REFUSED, fail, friendly
from scheduler.cli.main import add_db_option, open_workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    mapping = subparsers.add_parser(
        "mapping", help="save or show a column mapping (another system's column names -> the data format's)",
        description="A mapping file is CSV with the columns table,source_column,contract_column, one row per "
                    "column of the other system's export (e.g. students,STU_CODE,student_id). Saved in the "
                    "database, it is used again by `import --mapping NAME` next year.")
    actions = mapping.add_subparsers(dest="mapping_action", metavar="ACTION", required=True)
    save = actions.add_parser("save", help="check a mapping file and keep it under NAME (replacing one of that name)")
    save.add_argument("name", metavar="NAME")
    save.add_argument("file", metavar="FILE", help="the mapping file (CSV)")
    show = actions.add_parser("show", help="print a saved mapping as a mapping file")
    show.add_argument("name", metavar="NAME")
    listing = actions.add_parser("list", help="the names of the saved mappings")
    for parser, handler in ((save, _save), (show, _show), (listing, _list)):
        add_db_option(parser)
        parser.set_defaults(handler=friendly(handler))


def add_mapping_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mapping", metavar="NAME|FILE", default=None,
                        help="read DATA's columns through a saved column mapping (or a mapping file); see `mapping`")


def refused(exc) -> int:
    """Prints each fault of a refused mapping and fails."""
    for problem in exc.problems:
        print(str(problem), file=sys.stderr)
    return fail(f"Mapping refused: {exc}.", EXIT_REFUSED)


def mapping_for(ws, args: argparse.Namespace):
    """The mapping ``--mapping`` names, or None; raises ``MappingRefused``."""
    from scheduler.services import mappings

    return mappings.resolve(ws, args.mapping) if args.mapping else None


def _save(args: argparse.Namespace) -> int:
    from scheduler.services import mappings

    with open_workspace(args) as ws:
        try:
            mapping = mappings.read_mapping_file(args.file)
            mappings.save_mapping(ws, args.name, mapping)
        except mappings.MappingRefused as exc:
            return refused(exc)
    count = sum(len(c) for c in mapping.values())
    print(f"Saved the mapping {args.name.strip()!r}: {count} column(s) of {', '.join(sorted(mapping))}.")
    return 0


def _show(args: argparse.Namespace) -> int:
    from scheduler.services import mappings

    with open_workspace(args) as ws:
        try:
            mapping = mappings.load_mapping(ws, args.name)
        except mappings.MappingRefused as exc:
            return refused(exc)
    sys.stdout.write(mappings.mapping_csv(mapping))
    return 0


def _list(args: argparse.Namespace) -> int:
    from scheduler.services import mappings

    with open_workspace(args) as ws:
        names = mappings.mapping_names(ws)
    print("\n".join(names) if names else "No mapping is saved.")
    return 0
