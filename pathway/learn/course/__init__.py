"""Follow a patient: one patient seen at visits over months, deciding at each what to do next.

``follow_patient(seed)`` builds a patient from the generated-case machinery (:mod:`pathway.learn.cases`)
and follows them from week 0 along the ladder's path: at every visit the right choice is exactly what
``recommend()`` says for that visit's scenario, beside plausible wrong ones; the patient comes back at
the review times the content gives (content/course.yaml names which timelines), and what happens since
and what follows each choice are the content's own words (timelines, pitfalls, red flags, the engine's
referral reasons), each with its sources. ``walk``/``summarise`` follow a learner's own path (the
letters chosen) and add it up for the debrief: the path beside the ladder's, weeks to control, weeks on
a potent steroid and on each class of steroid (UK scale), in all (the weeks before the first visit
included), pitfalls met. Pure: no page, no storage.
"""

from pathway.learn.course.build import MAX_SEED, course_json, follow_patient
from pathway.learn.course.poll import lecture_questions, visit_question
from pathway.learn.course.rules import CourseRules, default_rules, load_rules
from pathway.learn.course.shapes import Choice, Course, EngineAnswer, PathSummary, Step, Visit
from pathway.learn.course.walk import ENDING_TEXT, MAX_VISITS, Walk, parse_path, summarise, walk

__all__ = [
    "ENDING_TEXT",
    "MAX_SEED",
    "MAX_VISITS",
    "Choice",
    "Course",
    "CourseRules",
    "EngineAnswer",
    "PathSummary",
    "Step",
    "Visit",
    "Walk",
    "course_json",
    "default_rules",
    "follow_patient",
    "lecture_questions",
    "load_rules",
    "parse_path",
    "summarise",
    "visit_question",
    "walk",
]
