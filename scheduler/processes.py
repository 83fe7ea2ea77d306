"""Small helpers about processes: is one still running, and making a worker process die with its parent."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import threading


def is_alive(pid: int) -> bool:
    """True when a process with this id runs (a process we may not look at counts as running)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_runs(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_STILL_ACTIVE = 259
_ERROR_ACCESS_DENIED = 5


def _windows_process_runs(pid: int) -> bool:
    """Windows: asks for the process's exit code (``os.kill(pid, 0)`` there would end the process)."""
    if sys.platform != "win32":  # tells the type checker kernel32 is there
        raise OSError("kernel32 is a Windows library")
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # no such process (ERROR_INVALID_PARAMETER); one of another user's we may not open still runs
        return ctypes.get_last_error() == _ERROR_ACCESS_DENIED
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        # a process that ended but whose handle someone still holds has its real exit code here
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def die_with_parent() -> None:
    """In a worker process: ends it at once when its parent ends, however the parent ended (even SIGKILL).

    A daemon thread waits on the parent's sentinel (a pipe on POSIX, the process handle on Windows), which
    becomes ready when the parent is gone; the worker then exits without finishing what it was writing.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
