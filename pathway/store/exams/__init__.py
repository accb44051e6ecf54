"""Exams that survive: an exam in progress lives in the database, so a reload, a closed tab or another
device with the same private key resumes it exactly (the items and their choices in the order served,
the answers, the flags, the question on screen), and its clock is the server's stored start time, which
nothing in a browser pauses or resets.

- :mod:`.records`: what a saved exam is (:class:`SavedExam`) and reading it;
- :mod:`.sitting`: starting one (a learner has one at a time), answering, flagging, moving;
- :mod:`.ending`: ending it (by the learner or the clock, once), saving its answers into the learner's
  progress, opening it (an exam whose time ran out while away is ended and scored), putting it away.

Deleting the learner deletes their exam (``ON DELETE CASCADE``).
"""

from pathway.store.exams.ending import close_exam, end_exam, finish_exam, open_exam, record_exam
from pathway.store.exams.records import SavedExam
from pathway.store.exams.sitting import answer_item, current_exam, exam_by_id, flag_item, move_to, start_exam

__all__ = [
    "SavedExam",
    "answer_item",
    "close_exam",
    "current_exam",
    "end_exam",
    "exam_by_id",
    "finish_exam",
    "flag_item",
    "move_to",
    "open_exam",
    "record_exam",
    "start_exam",
]
