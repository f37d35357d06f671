"""Question types for exercises, in the spirit of Kaggle's learntools.

``q.check()`` judges, ``q.hint()`` / ``q.hint(n)`` helps, ``q.solution()`` shows the answer.
Every message is Chinese and none is a traceback.
"""

from cbec.questions.base import Question
from cbec.questions.chart import PlotAnswer
from cbec.questions.choice import Classification, MultipleChoice, SingleChoice
from cbec.questions.code import FunctionAnswer, ValueAnswer
from cbec.questions.exercise import Exercise
from cbec.questions.numeric import Numeric
from cbec.questions.placeholder import ____
from cbec.questions.rubric import Criterion, Level
from cbec.questions.written import Lacks, Matches, Mentions, WrittenAnswer

__all__ = [
    "Classification",
    "Criterion",
    "Exercise",
    "FunctionAnswer",
    "Lacks",
    "Level",
    "Matches",
    "Mentions",
    "MultipleChoice",
    "Numeric",
    "PlotAnswer",
    "Question",
    "SingleChoice",
    "ValueAnswer",
    "WrittenAnswer",
    "____",
]
