"""Text that new imports refuse but older databases, restored backups and team servers may hold: a newline in
a practice's name or email, NUL and other control characters, names of about 1,000 characters. Every writer
finishes: the text is cleaned (one line, no control characters) and shortened for display; a header can never
be injected into an email draft."""

from __future__ import annotations

import email
import email.policy
import sqlite3

import pytest

LONG = " ".join(["Very-long-practice-name"] * 43)  # about 1,000 characters
NAMES = ["Ardwick\nSurgery", "Nul\x00Practice\x07", LONG, "Tab\tand\rreturn\u2028line"]
INJECTED_EMAIL = "practice@nhs.example\nBcc: everyone@elsewhere.example"


def _hostile_text(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        codes = [c for (c,) in conn.execute("SELECT code FROM practices ORDER BY code")][:len(NAMES)]
        ids = [i for (i,) in conn.execute("SELECT student_id FROM students ORDER BY student_id")][:len(NAMES)]
        for code, name in zip(codes, NAMES):
            conn.execute("UPDATE practices SET name = ?, tutor = ?, address = ?, email = ? WHERE code = ?",
                         (name, name, name, INJECTED_EMAIL, code))
            conn.execute("INSERT INTO tutors (practice_code, name, email, trained_on, refresher_due, active) "
                         "VALUES (?, ?, ?, '2020-01-01', '2026-10-01', 1)", (code, name, INJECTED_EMAIL))
        for sid, name in zip(ids, NAMES):
            conn.execute("UPDATE students SET first_name = ?, last_name = ?, email = ? WHERE student_id = ?",
                         (name, name, INJECTED_EMAIL, sid))
        conn.execute("UPDATE blocks SET name = ?", (NAMES[1],))
        conn.commit()
    finally:
        conn.close()
    return codes


WRITERS = ["letters", "offers-out", "preferences-out", "timetables", "payments", "calendars", "export", "export-data",
           "export-data .xlsx", "clearances-due", "tutors-due"]


@pytest.mark.parametrize("command", WRITERS)
def test_every_writer_finishes_on_text_an_older_database_may_hold(run, base_db, tmp_path, command):
    _hostile_text(base_db)
    extra = ["--workers", "1"] if command == "timetables" else []
    command, _, suffix = command.partition(" ")
    code, out, err = run(command, tmp_path / f"out{suffix}", "--db", base_db, *extra)
    assert code == 0, err
    assert "Traceback" not in out + err
    for draft in (tmp_path / "out").rglob("*.eml"):
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        assert message["Bcc"] is None
        assert all("everyone@elsewhere" not in a.addr_spec for a in message["To"].addresses) if message["To"] else True
        assert "\n" not in str(message["Subject"])


def test_display_text_is_one_line_without_control_characters_and_shortened():
    from scheduler.display_text import shown_text

    assert shown_text("Ardwick\nSurgery") == "Ardwick Surgery"
    assert shown_text("Nul\x00Practice\x07") == "Nul Practice"
    assert shown_text("a\u2028b\tc\r\nd") == "a b c d"
    cut = shown_text(LONG, 200)
    assert len(cut) == 200 and cut.endswith("…")
    assert shown_text("Dr Ana Núñez-O'Neil") == "Dr Ana Núñez-O'Neil"
