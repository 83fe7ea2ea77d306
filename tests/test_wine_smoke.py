"""The Wine smoke test's reading of Wine's DLL trace (packaging/wine/smoke_windows.py): which process loaded
which DLL, Wine's escapes decoded, and which DLLs count as from outside the program and Windows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def smoke_windows():
    spec = importlib.util.spec_from_file_location("smoke_windows", ROOT / "packaging" / "wine" / "smoke_windows.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


TRACE = r"""02d4:02d8:trace:loaddll:build_module Loaded L"C:\\windows\\syswow64\\start.exe" at 00400000: builtin
02e4:02e8:trace:loaddll:build_module Loaded L"C:\\users\\Si\00e2n \00d3 D\00f3naill\\AppData\\Local\\Programs\\GP Placements\\gp-placements.exe" at 0000000140000000: native
02e4:02e8:trace:loaddll:build_module Loaded L"C:\\windows\\system32\\kernelbase.dll" at 000000007B000000: builtin
Traceback (most recent call last):
02e4:02ec:trace:loaddll:build_module Loaded L"C:\\users\\Si\00e2n \00d3 D\00f3naill\\AppData\\Local\\Programs\\GP Placements\\_internal\\python311.dll" at 0000000180000000: native
02e4:02ec:trace:loaddll:load_native_dll Loaded L"C:\\Python311\\python3.dll" at 0000000190000000: native
0310:0314:trace:loaddll:build_module Loaded L"C:\\WINDOWS\\System32\\USER32.dll" at 00000002169D0000: builtin
"""
PROGRAM = PureWindowsPath(r"C:\users\Siân Ó Dónaill\AppData\Local\Programs\GP Placements")


def test_wine_escapes_are_decoded(smoke_windows):
    assert smoke_windows.decode_wine_string(r"C:\\users\\Si\00e2n \"x\"") == 'C:\\users\\Siân "x"'


def test_trace_lines_are_grouped_by_process_and_the_rest_kept(smoke_windows):
    processes, rest = smoke_windows.loaded_libraries(TRACE)
    assert [(p.pid, PureWindowsPath(p.exe).name, len(p.libraries)) for p in processes] == [
        (0x2d4, "start.exe", 1), (0x2e4, "gp-placements.exe", 4), (0x310, "", 1)]
    assert processes[1].libraries[2] == str(PROGRAM / "_internal" / "python311.dll")
    assert rest == "Traceback (most recent call last):"


def test_only_dlls_outside_the_program_and_windows_are_foreign(smoke_windows):
    processes, _ = smoke_windows.loaded_libraries(TRACE)
    assert [smoke_windows.foreign_libraries(p, PROGRAM) for p in processes] == [
        [], [r"C:\Python311\python3.dll"], []]


def test_a_folder_that_only_starts_like_the_program_is_foreign(smoke_windows):
    process = smoke_windows.Process(1, "x.exe", [str(PROGRAM) + r" Old\Qt6Core.dll", r"C:\windowsapps\x.dll"])
    assert smoke_windows.foreign_libraries(process, PROGRAM) == process.libraries


def test_a_step_keeps_the_variables_it_asks_for_and_drops_an_inherited_probe(smoke_windows, monkeypatch):
    monkeypatch.setenv("GP_PLACEMENTS_START_PROBE", "inherited.json")
    smoke = object.__new__(smoke_windows.Smoke)  # env() needs no prefix
    assert "GP_PLACEMENTS_START_PROBE" not in smoke.env()
    assert smoke.env(GP_PLACEMENTS_START_PROBE="window.json")["GP_PLACEMENTS_START_PROBE"] == "window.json"
