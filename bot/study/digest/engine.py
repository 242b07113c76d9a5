"""The parts of a channel's digest that the `digest` command and the scheduler share."""

from __future__ import annotations

from dataclasses import dataclass

from bot.study.course.channels import ChannelCourses
from bot.study.digest.compose import DigestComposer
from bot.study.quiz.questions import QuizMaker
from bot.study.quiz.tool import PendingQuizzes


@dataclass
class DigestEngine(ChannelCourses):
    composer: DigestComposer
    pending: PendingQuizzes
    quiz: QuizMaker
