"""The parts of a channel's digest that the `digest` command and the scheduler share."""

from __future__ import annotations

from dataclasses import dataclass

from bot.digest.compose import DigestComposer
from bot.digest.course import Course
from bot.digest.progress import CourseProgress
from bot.digest.subscriptions import SubscriptionStore
from bot.study.quiz.questions import QuizMaker
from bot.study.quiz.tool import PendingQuizzes


@dataclass
class DigestEngine:
    subscriptions: SubscriptionStore
    progress: CourseProgress
    course: Course
    composer: DigestComposer
    pending: PendingQuizzes
    quiz: QuizMaker
