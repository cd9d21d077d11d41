from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class Person(User):
    """Someone with an account, as the admin shows Django's user: with a name, an e-mail address and a role
    (articles/roles.py), the e-mail address as the login name."""

    class Meta:
        proxy = True
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name", "username"]
