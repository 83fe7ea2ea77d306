"""Takes a screenshot of every page of the real window on a prepared database (for the README).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        .venv/bin/python -m desktop.screenshots --db x.db --out docs/screenshots --suffix -125

The window uses its own throw-away settings file, loads the data, and for
each page shows something typical (a selected student, a previewed
timetable, the move dialog) before ``grab()``-bing it to ``<page>.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

MAX_BYTES = 400_000


def save_png(widget, path: Path) -> int:
    """Grabs the widget; falls back to fewer colours when the PNG would be too big for the README."""
    from PySide6.QtGui import QImage

    image = widget.grab().toImage()
    image.save(str(path), "PNG", 0)
    if path.stat().st_size > MAX_BYTES:
        image.convertToFormat(QImage.Format.Format_Indexed8).save(str(path), "PNG", 0)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--width", type=int, help="logical pixels (default: the whole screen, as when maximised)")
    parser.add_argument("--height", type=int, help="logical pixels (default: the whole screen)")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -150 for a scaled run")
    parser.add_argument("--import-folder", help="a data set to show in the import wizard's check page")
    parser.add_argument("--offer-returns", help="returned offer workbooks (a folder) to show in the preview dialog")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from desktop.app import make_application
    from desktop.main_window import MainWindow

    app = make_application([sys.argv[0]])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(args.db, synchronous_jobs=True, settings=settings)
        available = app.primaryScreen().availableGeometry()
        window.resize(args.width or available.width(), args.height or available.height())
        window.show()
        app.processEvents()
        snapshot = window.state.snapshot
        if snapshot.plan is None:
            print("The database has no plan: make one first (gp-placements solve).", file=sys.stderr)

        def settle(seconds: float = 0.3) -> None:
            """Lets Qt finish drawing (the PDF view renders its pages on a thread of its own)."""
            from PySide6.QtCore import QEventLoop, QTimer

            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()

        def prepare_students() -> None:
            page = window.students
            if snapshot.clearances:  # those to chase first, as an officer would sort them
                column = next(i for i, c in enumerate(page.model.columns) if c.title == "Clearances")
                page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            if page.proxy.rowCount():
                row = page.proxy.row_at(min(7, page.proxy.rowCount() - 1))
                page.select([(row.student.student_id, row.block.block_id)])

        def prepare_practices() -> None:
            window.practices.table.selectRow(0)

        def prepare_documents() -> None:
            page = window.documents
            if page.practice_list.count():
                page.practice_list.setCurrentRow(0)
                page.preview_selected()

        def prepare_plan() -> None:
            page = window.plan
            page.results.setCurrentIndex(0)

        def prepare_map() -> None:
            # one block reads better than all eight on top of each other
            page = window.map
            third_year = [b.block_id for b in snapshot.dataset.blocks if b.year == 3]
            if third_year:
                page.filters.combos["block"].setCurrentText(third_year[0])

        def prepare_requests() -> None:
            page = window.requests
            open_rows = [r for r in range(page.proxy.rowCount()) if page.proxy.row_at(r).status == "open"]
            if open_rows:
                page.table.selectRow(open_rows[0])

        def prepare_offers() -> None:
            window.offers.status_table.selectRow(0)

        preparations = {"map": prepare_map, "students": prepare_students, "practices": prepare_practices,
                        "documents": prepare_documents, "plan": prepare_plan, "requests": prepare_requests,
                        "offers": prepare_offers}
        for index, page in enumerate(window.pages):
            window.show_page(index)
            preparations.get(page.key, lambda: None)()
            settle(2.0 if page.key == "documents" else 0.3)
            size = save_png(window, out / f"{page.key}{args.suffix}.png")
            print(f"{page.key}{args.suffix}.png {size // 1024} KB")

        # two dialogs the officer meets: moving a student, and the import check
        if snapshot.plan is not None:
            window.show_page(window.pages.index(window.students))
            rows = [r for r in window.students.model.rows() if r.placed]
            if rows:
                dialog = window.open_move_dialog(rows[min(7, len(rows) - 1)])
                dialog.filters.checks["forbidden"].setChecked(True)
                dialog.table.selectRow(0)
                settle()
                size = save_png(dialog, out / f"move-dialog{args.suffix}.png")
                print(f"move-dialog{args.suffix}.png {size // 1024} KB")
                dialog.reject()
        if args.import_folder:
            wizard = window.open_import_wizard()
            wizard.source.replace_check.setChecked(True)
            wizard.source.path_edit.setText(args.import_folder)
            wizard.next()
            wizard.check.only_problems.setChecked(True)
            tabs = wizard.check.tabs
            students = next((i for i in range(tabs.count()) if tabs.tabText(i).startswith("students")), 0)
            tabs.setCurrentIndex(students)
            settle()
            size = save_png(wizard, out / f"import-wizard{args.suffix}.png")
            print(f"import-wizard{args.suffix}.png {size // 1024} KB")
            wizard.reject()
        if args.offer_returns:
            window.show_page(window.pages.index(window.offers))
            window.offers.import_returns([args.offer_returns])
            dialog = window.offers.returns_dialog
            if dialog is not None:
                settle()
                size = save_png(dialog, out / f"offer-returns{args.suffix}.png")
                print(f"offer-returns{args.suffix}.png {size // 1024} KB")
                dialog.reject()
        window.close()
        QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
