"""What every tool reads of a channel's course, in one object the composition root hands them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.study.course.progress import CourseProgress
from bot.study.course.subscriptions import SubscriptionStore
from bot.study.course.units import Course


@dataclass
class ChannelCourses:
    subscriptions: SubscriptionStore
    progress: CourseProgress
    course: Course
