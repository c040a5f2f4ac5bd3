"""Backing up and restoring the whole database, the same two commands on SQLite and PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the site keeps running;
restoring replaces the database file (and drops its write-ahead log, which belongs to the
old file). PostgreSQL: pg_dump's custom format, restored with pg_restore --clean.
"""

import os
import shutil
import sqlite3

# Runs the PostgreSQL tools with argument lists, never a shell.
import subprocess  # nosec B404
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be done; the message says why and what to do."""


def backup_database(target, *, using="default"):
    target = Path(target)
    connection = connections[using]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"])
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", f"--file={target}", connection=connection)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return target


def restore_database(source, *, using="default"):
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    connection = connections[using]
    connection.close()
    if connection.vendor == "sqlite":
        _check_sqlite_backup(source)
        database = Path(connection.settings_dict["NAME"])
        staged = database.with_suffix(".restoring")
        shutil.copyfile(source, staged)
        for leftover in (f"{database}-wal", f"{database}-shm"):
            Path(leftover).unlink(missing_ok=True)
        os.replace(staged, database)  # atomic: the database is never half-written
    elif connection.vendor == "postgresql":
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            str(source),
            connection=connection,
            target_flag="--dbname",
        )
    else:
        raise BackupError(f"Restoring {connection.vendor} databases is not supported.")


def _check_sqlite_backup(path):
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as backup:
            backup.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Newsroom SQLite backup ({error}).") from None


def _run_pg(program, *arguments, connection, target_flag=None):
    settings = connection.settings_dict
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed; install the PostgreSQL client tools.")
    command = [
        program,
        f"--host={settings['HOST'] or 'localhost'}",
        f"--port={settings['PORT'] or 5432}",
        f"--username={settings['USER'] or 'postgres'}",
        *arguments,
    ]
    command += [f"{target_flag}={settings['NAME']}"] if target_flag else [settings["NAME"]]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    # An argument list (no shell): pg_dump/pg_restore and the configured database's own settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
