"""Answers kept as counts only: a group (a school class, a session's room) answered a survey
together and someone entered how many chose each option of each question, never who.

Why a separate store from ``SurveyResponse``: a class of young children answers a short
smiley survey on paper or by show of hands; the teacher enters the class's counts, so no
individual response exists, and none may be invented.  A ``CountGroup`` is one such group of
one survey (its label says whose counts they are, with no personal names); its
``AnswerCount`` rows are the counts, replaced whole each time they are entered.

Who may enter a group's counts: officers, and whoever holds the permission named on the group
(``grant_permission``) on the object it names (``grant_object``), for example
``schools.acts_for_a_school`` on one school, so a school's teacher enters their own class's
counts only.  Consult asks for that permission by name and never imports the app that
declares it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonground.consult.models.survey import Question, Survey


class CountGroup(models.Model):
    """A group whose answers to ``survey`` are entered as counts (a class, before or after)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="count_groups")
    key = models.SlugField(_("key"), max_length=100)
    label = models.CharField(_("group"), max_length=200)
    grant_permission = models.CharField(
        _("permission that may enter the counts"), max_length=100, blank=True
    )
    grant_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    grant_id = models.PositiveBigIntegerField(null=True, blank=True)
    grant_object = GenericForeignKey("grant_type", "grant_id")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "key"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="consult_count_group_key")
        ]
        verbose_name = _("group answering as counts")

    def __str__(self) -> str:
        return self.label

    def counts(self) -> dict[int, dict[str, int]]:
        """{question id: {choice value: count}} as last entered (empty before any entry)."""
        out: dict[int, dict[str, int]] = {}
        for question_id, value, count in self.answer_counts.values_list(
            "question_id", "value", "count"
        ):
            out.setdefault(question_id, {})[value] = count
        return out


class AnswerCount(models.Model):
    """How many of a group chose one option of one question."""

    group = models.ForeignKey(CountGroup, on_delete=models.CASCADE, related_name="answer_counts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answer_counts")
    value = models.CharField(_("answer"), max_length=100)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["group", "question", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "question", "value"], name="consult_one_count_an_answer"
            )
        ]
        verbose_name = _("answer count")

    def __str__(self) -> str:
        return f"{self.group} {self.question_id} {self.value}: {self.count}"
