"""Create the local editor account for `make run`, once.

Acts only on an SQLite database that has no users at all: it creates the superuser "redaktion" in the role
"Redaktion" (articles/roles.py) with a random password and prints the password this one time. Nothing is
written anywhere else; Django stores only the password hash. On any later run (users exist) it only puts a
"redaktion" made by an older version into its role.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles.roles import EDITORS, assign_role, role_of

USERNAME = "redaktion"


class Command(BaseCommand):
    help = "Creates the local editor superuser 'redaktion' with a random password, if the SQLite database has no users."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: %(default)s).")
        parser.add_argument(
            "--login-url",
            default="",
            help="Address of the admin login page, printed with the credentials.",
        )

    def handle(self, *args, **options):
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"Refusing to create the local editor account on a {connection.vendor} database: "
                "this command is only for the embedded SQLite database of a developer's machine."
            )

        User = get_user_model()
        with transaction.atomic(using=database):
            users = User._default_manager.db_manager(database)
            if users.exists():
                self.stdout.write("Users exist already: no local editor account created.")
                existing = users.filter(**{User.USERNAME_FIELD: USERNAME}).first()
                if existing is not None and role_of(existing) != EDITORS:
                    assign_role(existing, EDITORS)
                    self.stdout.write(f"The local editor {USERNAME!r} is now in the group {EDITORS!r}.")
                return
            password = secrets.token_urlsafe(18)
            user = User(**{User.USERNAME_FIELD: USERNAME})
            validate_password(password, user)
            user = users.create_superuser(username=USERNAME, email="redaktion@localhost", password=password)
            assign_role(user, EDITORS)

        lines = [
            "",
            f"Local editor account created in the group {EDITORS!r} (password shown only this once, stored nowhere else):",
            f"  Username: {USERNAME}",
            f"  Password: {password}",
        ]
        if options["login_url"]:
            lines.append(f"  Login:    {options['login_url']}")
        lines.append("Forgot it? Run: DEBUG=true .venv/bin/python manage.py changepassword redaktion")
        lines.append("")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
