"""Takes a screenshot of every page and every dialog of the real window on a prepared database.

    xvfb-run -a -s "-screen 0 1366x768x24" sh -c "openbox & sleep 1; QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        .venv/bin/python -m desktop.screenshots --db x.db --import-folder data --out shots --suffix -125"

The window works on a throw-away copy of the database (the tour copies a
plan and sends the offers and preferences rounds) with its own throw-away
settings file. It takes the tour of ``desktop.tour``: each page is grabbed
from the window, each dialog from the whole screen, so that its place on the
screen (and any part off it) shows, with the window manager's title bar when
one runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

MAX_BYTES = 400_000


def save_png(image, path: Path) -> int:
    """Saves the image; falls back to fewer colours when the PNG would be too big for the README."""
    from PySide6.QtGui import QImage

    image.save(str(path), "PNG", 0)
    if path.stat().st_size > MAX_BYTES:
        image.convertToFormat(QImage.Format.Format_Indexed8).save(str(path), "PNG", 0)
    return path.stat().st_size


def settle(seconds: float) -> None:
    """Lets Qt and the window manager finish drawing (the PDF view renders its pages on a thread of its own)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -150 for a scaled run")
    parser.add_argument("--import-folder", help="a data set to show in the import wizard's check page")
    parser.add_argument("--solve-seconds", type=float, default=0,
                        help="first make a re-plan of the shown plan for this long, to show a run's result")
    parser.add_argument("--only", nargs="*", help="only these pages and dialogs (e.g. plan import-source)")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import make_application
    from desktop.main_window import MainWindow
    from desktop.tour import make_a_replan, tour_dialogs, tour_pages

    app = make_application([sys.argv[0]])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / Path(args.db).name
        shutil.copy(args.db, db)
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(str(db), synchronous_jobs=True, settings=settings)
        window.show()
        settle(1.0)
        if window.state.snapshot.plan is None:
            print("The database has no plan: make one first (gp-placements solve).", file=sys.stderr)

        def visit(name: str, top) -> None:
            if args.only and name not in args.only:
                return
            settle(2.0 if name == "documents" else 0.6)
            image = top.grab().toImage() if top is window else app.primaryScreen().grabWindow(0).toImage()
            size = save_png(image, out / f"{name}{args.suffix}.png")
            print(f"{name}{args.suffix}.png {size // 1024} KB")

        if args.solve_seconds:
            make_a_replan(window, visit, args.solve_seconds)
        tour_pages(window, visit)
        tour_dialogs(window, visit, Path(tmp), args.import_folder)
        window.close()
        QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
