from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_role_groups(sender, using: str = "default", **kwargs) -> None:
    """One auth group per role, present after every migrate and every test-database flush.

    A data migration alone is not enough: flushing a database (as transactional tests do)
    removes its rows, and Django re-emits post_migrate after a flush, not migrations.
    """
    from django.contrib.auth.models import Group

    from commonground.core.roles import Role

    for role in Role:
        Group.objects.using(using).get_or_create(name=role.value)


class CoreConfig(AppConfig):
    """Places, organisations, people, roles, the strategy and the audit trail."""

    name = "commonground.core"
    label = "core"
    verbose_name = _("Common Ground core")

    def ready(self) -> None:
        post_migrate.connect(create_role_groups, sender=self)
