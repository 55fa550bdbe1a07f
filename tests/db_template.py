"""A migrated template database, so a test run does not migrate from nothing.

Migrating every app (Wagtail's included) takes most of a short test run. The
first run builds a template, named after a hash of every migration file of every
installed app, by running `migrate` in a child process; later runs start their
test database from it, and Django's own `migrate` then finds nothing to apply (a
new or changed migration gives a new hash, so a new template: the check is
built in). On SQLite the in-memory test database is filled from a template file
under `MASTHEAD_VAR_DIR`; on PostgreSQL the test database is created with
`TEMPLATE` of a template database.
"""

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

_TEMPLATE_PREFIX = "tpl_"
_keepers = []


def migrations_hash():
    digest = hashlib.sha256()
    for app_config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        folder = Path(app_config.path) / "migrations"
        if module_name is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app_config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _migrate_into(database_url):
    env = {**os.environ, "MASTHEAD_TEST_DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "masthead.settings_test"}
    subprocess.run(
        [sys.executable, "-m", "masthead.cli", "migrate", "--no-input", "-v0"],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )


def _sqlite_template(var_dir):
    folder = var_dir / "test-templates"
    template = folder / f"sqlite-{migrations_hash()}.sqlite3"
    with _locked(folder / ".lock"):
        if not template.exists():
            building = template.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate_into(f"sqlite:///{building}")
            building.rename(template)
            for stale in folder.glob("sqlite-*.sqlite3"):
                if stale != template:
                    stale.unlink(missing_ok=True)
    return template


def _use_sqlite_template(template):
    """Fill Django's shared in-memory test database from `template` before it migrates."""
    from django.db.backends.sqlite3.creation import DatabaseCreation

    create = DatabaseCreation._create_test_db

    def create_from_template(self, verbosity, autoclobber, keepdb=False):
        name = create(self, verbosity, autoclobber, keepdb)
        if self.is_in_memory_db(name):
            keeper = sqlite3.connect(name, uri=True)
            source = sqlite3.connect(template)
            source.backup(keeper)
            source.close()
            _keepers.append(keeper)  # the shared in-memory database lives while a connection is open
        return name

    DatabaseCreation._create_test_db = create_from_template


def _postgres_template():
    from psycopg import connect, sql

    params = connection.get_connection_params()
    base_name = settings.DATABASES["default"]["TEST"]["NAME"]
    template = f"{base_name}_{_TEMPLATE_PREFIX}{migrations_hash()}"
    admin = {key: value for key, value in params.items() if key in {"host", "port", "user", "password"}}
    lock = Path(settings.VAR_DIR) / "test-templates" / f".lock-{base_name}"
    with _locked(lock), connect(dbname="postgres", autocommit=True, **admin) as server:
        existing = {row[0] for row in server.execute("SELECT datname FROM pg_database")}
        if template not in existing:
            building = f"{template}_building"
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building)))
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
            url = _postgres_url(admin, building)
            _migrate_into(url)
            server.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(template))
            )
        for stale in existing:
            if (
                stale.startswith(f"{base_name}_{_TEMPLATE_PREFIX}")
                and stale != template
                and not stale.endswith("_building")
            ):
                server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(stale)))
    return template


def _postgres_url(admin, name):
    user = admin.get("user") or ""
    password = f":{admin['password']}" if admin.get("password") else ""
    credentials = f"{user}{password}@" if user else ""
    host = admin.get("host") or "localhost"
    port = f":{admin['port']}" if admin.get("port") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def install():
    """Called before the test databases are set up."""
    if os.environ.get("MASTHEAD_TEST_MIGRATE_FROM_SCRATCH"):
        return
    vendor = connection.vendor
    if vendor == "sqlite":
        _use_sqlite_template(_sqlite_template(Path(settings.VAR_DIR)))
    elif vendor == "postgresql":
        settings.DATABASES["default"]["TEST"]["TEMPLATE"] = _postgres_template()
