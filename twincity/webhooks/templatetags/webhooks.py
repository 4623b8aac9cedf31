from django import template

from twincity.accounts.models import User
from twincity.webhooks.workflow import may_manage

register = template.Library()


@register.filter
def manages_subscriptions(user: User) -> bool:
    """For links to the subscriptions page: whether the user may open it."""
    return user.is_authenticated and may_manage(user)
