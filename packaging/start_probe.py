"""Start-up probe of the frozen window, for the smoke test and the start-time benchmark.

When ``GP_PLACEMENTS_START_PROBE`` names a file, the launcher calls
:func:`install` before opening the window: at the main window's first paint
the probe writes one JSON object to that file (the wall-clock time of the
paint, and every shared library the process has loaded by then) and quits
the application. Without the variable nothing here runs.

The library list lets the smoke test check where the Microsoft Visual C++
runtime and Qt were loaded from (the bundle, not a copy elsewhere on the PC)
and that no Qt network plugin was loaded at start.

With ``GP_PLACEMENTS_START_PROBE_PAGE`` naming a page (its sidebar title,
e.g. ``Plan``) the probe goes on after the first paint: it shows that page,
waits until the window's background jobs (loading the database) are done,
saves a picture of the window beside the report (FILE.png) and then reports
and quits. The report's ``page`` is the page shown at the end.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ENV_VAR = "GP_PLACEMENTS_START_PROBE"
PAGE_ENV_VAR = "GP_PLACEMENTS_START_PROBE_PAGE"
PAGE_WAIT_SECONDS = 120
"""How long the probe waits for the page's data before it reports anyway (the report then says busy)."""


def loaded_libraries() -> list[str]:
    """Full paths of the shared libraries (DLLs on Windows) loaded in this process."""
    if sys.platform == "win32":
        return _windows_modules()
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return []
    found = set()
    for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/") and ".so" in parts[5]:
            found.add(parts[5].strip())
    return sorted(found)


def _windows_modules() -> list[str]:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    psapi = ctypes.WinDLL("psapi", use_last_error=True)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    psapi.EnumProcessModules.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.HMODULE), wintypes.DWORD,
                                         ctypes.POINTER(wintypes.DWORD)]
    psapi.EnumProcessModules.restype = wintypes.BOOL
    kernel32.GetModuleFileNameW.argtypes = [wintypes.HMODULE, wintypes.LPWSTR, wintypes.DWORD]
    kernel32.GetModuleFileNameW.restype = wintypes.DWORD
    process = kernel32.GetCurrentProcess()
    size = 1024
    while True:
        handles = (wintypes.HMODULE * size)()
        needed = wintypes.DWORD()
        if not psapi.EnumProcessModules(process, handles, ctypes.sizeof(handles), ctypes.byref(needed)):
            raise OSError(ctypes.get_last_error(), "EnumProcessModules failed")
        count = needed.value // ctypes.sizeof(wintypes.HMODULE)
        if count <= size:
            break
        size = count
    name = ctypes.create_unicode_buffer(32768)
    paths = []
    for handle in handles[:count]:
        if kernel32.GetModuleFileNameW(handle, name, len(name)):
            paths.append(name.value)
    return sorted(paths)


def install(report_path: str) -> object:
    """Creates the QApplication with a filter that reports the main window's first paint and then quits.

    Returns the application; the caller keeps it alive while the window runs
    (``desktop.app`` reuses an existing QApplication).
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    wanted_page = os.environ.get(PAGE_ENV_VAR)

    def report(window, painted_at: float, extra: dict) -> None:
        try:
            page = window.current_page() if hasattr(window, "current_page") else None
            content = {
                "painted_at": painted_at,
                "executable": sys.executable,
                "bundle": getattr(sys, "_MEIPASS", None),
                "pid": os.getpid(),
                "page": getattr(page, "title", None),
                "libraries": loaded_libraries(),
                # list() copies the keys at once: a background job may be importing meanwhile
                "python_modules": sorted(name for name in list(sys.modules) if name.startswith("PySide6.")),
                # none when Qt found no font files (offscreen on Windows reads only QT_QPA_FONTDIR)
                "font_families": len(QFontDatabase.families()),
                **extra,
            }
            Path(report_path).write_text(json.dumps(content, indent=1), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a failed probe must end the run, not leave a window open
            print(f"start probe failed: {error!r}", file=sys.stderr)
            QTimer.singleShot(0, lambda: app.exit(3))
        else:
            QTimer.singleShot(0, app.quit)

    def show_page_then_report(window, painted_at: float) -> None:
        titles = [page.title for page in window.pages]
        if wanted_page not in titles:
            print(f"start probe: no page {wanted_page!r} (pages: {', '.join(titles)})", file=sys.stderr)
            QTimer.singleShot(0, lambda: app.exit(4))
            return
        window.show_page(titles.index(wanted_page))
        waited_until = time.monotonic() + PAGE_WAIT_SECONDS

        def when_loaded() -> None:
            busy = window.jobs.is_busy()
            if busy and time.monotonic() < waited_until:
                QTimer.singleShot(100, when_loaded)
                return
            picture = f"{report_path}.png"
            saved = window.grab().save(picture)
            report(window, painted_at, {"page_shown_at": time.time(), "busy": busy,
                                        "picture": picture if saved else None})

        QTimer.singleShot(0, when_loaded)

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if (not self.done and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                    and isinstance(watched.window(), QMainWindow)):
                self.done = True
                painted_at = time.time()
                window = watched.window()
                if wanted_page:
                    QTimer.singleShot(0, lambda: show_page_then_report(window, painted_at))
                else:
                    report(window, painted_at, {})
            return False

    probe = FirstPaint(app)
    app.installEventFilter(probe)
    app._start_probe = probe  # keeps the filter alive as long as the application
    return app
