"""The words of placement letters and emails, shared by the letter PDF and the email drafts.

Each function returns plain strings and table rows built from the plan index,
so the PDF and the email say exactly the same thing.
"""

from __future__ import annotations

from scheduler.correspondence.changes import PracticeChanges, StudentChange
from scheduler.domain import format_weekdays
from scheduler.reports.index import PlanIndex
from scheduler.reports.text import TRAVEL_MODE_TEXT, date_range, minutes_text
from scheduler.settings import Settings

PRACTICE_TABLE_HEADER = ["Student", "Number", "Year", "Block", "Dates", "Days"]
STUDENT_TABLE_HEADER = ["Block", "Dates", "Days", "Practice", "Journey"]


def student_label(index: PlanIndex, student_id: str) -> str:
    student = index.students.get(student_id)
    return f"{student.full_name} ({student_id})" if student else student_id


def practice_label(index: PlanIndex, code: str) -> str:
    practice = index.practices.get(code)
    return f"{practice.name} ({code})" if practice else code


def practice_table(index: PlanIndex, code: str) -> list[list[str]]:
    """Header plus one row per student-block at the practice, in date order."""
    rows = [PRACTICE_TABLE_HEADER]
    for placement in index.by_practice.get(code, []):
        student, block = index.students.get(placement.student_id), index.blocks.get(placement.block_id)
        if student is None or block is None:
            continue
        rows.append([student.full_name, student.student_id, str(block.year), block.block_id,
                     date_range(block.start_date, block.end_date), format_weekdays(block.weekdays)])
    return rows


def student_table(index: PlanIndex, student_id: str) -> list[list[str]]:
    """Header plus one row per block the student attends; an unplaced block says so."""
    student = index.students[student_id]
    placed = index.by_student.get(student_id, {})
    rows = [STUDENT_TABLE_HEADER]
    for block in index.student_blocks(student):
        placement = placed.get(block.block_id)
        practice = index.practices.get(placement.practice_code) if placement else None
        where = practice_label(index, practice.code) if practice else "not yet placed"
        journey = (f"about {minutes_text(placement.travel_minutes)} "
                   f"{TRAVEL_MODE_TEXT.get(student.travel_mode, '')}".strip()) if placement and practice else ""
        rows.append([block.block_id, date_range(block.start_date, block.end_date),
                     format_weekdays(block.weekdays), where, journey])
    return rows


def practice_greeting(index: PlanIndex, code: str) -> str:
    names = index.tutor_names(code)
    return f"Dear {and_list(names)}," if names else f"Dear colleagues at {index.practices[code].name},"


def and_list(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def practice_paragraphs(index: PlanIndex, code: str, settings: Settings,
                        changes: PracticeChanges | None = None) -> list[str]:
    """Greeting, the students' placements (or what changed), induction notes and the office's contact."""
    count = len({p.student_id for p in index.by_practice.get(code, [])})
    noun = "student" if count == 1 else "students"
    paragraphs = [practice_greeting(index, code)]
    if changes is None:
        paragraphs.append(f"Thank you for teaching our medical students in {settings.academic_year}. "
                          f"{count} {noun} will join you for GP placements, as listed.")
    else:
        paragraphs.append("The placement plan has changed since our last letter. " + " ".join(
            practice_change_sentences(index, changes)) + f" You now have {count} {noun} in "
            f"{settings.academic_year}, as listed.")
    tutors = index.tutors(code)
    if tutors:
        paragraphs.append("Our records show your GP tutor training in date for "
                          + and_list([f"{t.name} to {t.refresher_due:%d/%m/%Y}" for t in tutors])
                          + ". Please tell us of any change, or of a refresher booked.")
    if settings.induction_notes:
        paragraphs.append(settings.induction_notes)
    paragraphs.append(f"If anything here is not right, please contact us: {settings.office_contact}.")
    paragraphs.append(f"With thanks,\n{settings.school_name}")
    return paragraphs


def practice_change_sentences(index: PlanIndex, changes: PracticeChanges) -> list[str]:
    """"Amelia Smith (2300417) now joins you in Y3-G2 in place of Tom Lee (2300999)." and the like."""
    sentences = []
    for block_id in sorted(set(changes.joined) | set(changes.left)):
        joined, left = changes.joined.get(block_id, []), list(changes.left.get(block_id, []))
        for student_id in joined:
            replaced = left.pop(0) if left else None
            tail = f" in place of {student_label(index, replaced)}" if replaced else ""
            sentences.append(f"{student_label(index, student_id)} now joins you in {block_id}{tail}.")
        for student_id in left:
            sentences.append(f"{student_label(index, student_id)} no longer comes to you in {block_id}.")
    return sentences


def student_paragraphs(index: PlanIndex, student_id: str, settings: Settings,
                       changes: list[StudentChange] | None = None) -> list[str]:
    student = index.students[student_id]
    paragraphs = [f"Dear {student.first_name or student.full_name},"]
    if changes is None:
        paragraphs.append(f"Here are your GP placements for {settings.academic_year}. Your schedule and a "
                          "calendar file with every teaching day are attached.")
    else:
        paragraphs.append("Your GP placements have changed. " + " ".join(
            student_change_sentence(index, change) for change in changes)
            + " Your updated schedule and calendar are attached.")
    paragraphs.append("Please arrive on time on every teaching day. If you are ill or cannot attend, tell both "
                      f"the practice and the placement office: {settings.office_contact}.")
    paragraphs.append(f"Best wishes,\n{settings.school_name}")
    return paragraphs


def student_change_sentence(index: PlanIndex, change: StudentChange) -> str:
    if not change.after:
        return (f"In {change.block_id} you are no longer placed at {practice_label(index, change.before)}; "
                "the placement office will contact you.")
    if not change.before:
        return f"In {change.block_id} you are now placed at {practice_label(index, change.after)}."
    return (f"In {change.block_id} you now go to {practice_label(index, change.after)} "
            f"instead of {practice_label(index, change.before)}.")
