"""A consistent copy of everything Styr keeps, taken while the server runs, and its way back.

A backup is one tar file: `manifest.json` (when, which database engine, the history chain's head at the
time), the database (`database.sqlite3` made with SQLite's online backup API, or `database.pgdump` made
by pg_dump in its custom format) and the uploaded files under `media/`. Restoring checks the manifest,
brings the database and the files back and recomputes the history chain: a copy whose chain does not hold,
or whose head is not the one it was taken with, is reported as such.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from . import audit

FORMAT = 1


class BackupError(Exception):
    pass


def _pg_tool(name):
    """The newest installed client tool: pg_dump must be at least the server's version."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found; install PostgreSQL's client (Debian: postgresql-client).")
    return found


def _pg_env_and_args():
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    return env, args


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create(path):
    """Write a backup to `path` and return its manifest. The server may go on writing meanwhile."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chain = audit.state()
    manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "engine": connection.vendor,
                "history_chain": {"sealed": chain["sealed"], "link": chain["link"], "head": chain["head"]}}
    with tempfile.TemporaryDirectory() as work:
        if connection.vendor == "sqlite":
            database = Path(work) / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                # The online backup API copies a consistent snapshot page by page while others write.
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            database = Path(work) / "database.pgdump"
            env, args = _pg_env_and_args()
            done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(database),
                                   *args], env=env, capture_output=True, text=True)
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        else:
            raise BackupError(f"backups of a {connection.vendor} database are not supported")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(database, arcname=database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
        partial.replace(path)  # a half-written backup never carries the real name
    return manifest


def read_manifest(path):
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} is not a Styr backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has backup format {manifest.get('format')!r}; this Styr reads {FORMAT}")
    return manifest


def restore(path):
    """Replace the database and the uploaded files with the backup's; return (manifest, chain report)."""
    manifest = read_manifest(path)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['engine']} database; this Styr runs on "
                          f"{connection.vendor}")
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r") as archive:
        archive.extractall(work, filter="data")  # the data filter refuses absolute paths and links out
        work = Path(work)
        if connection.vendor == "sqlite":
            source = sqlite3.connect(work / "database.sqlite3")
            try:
                connection.ensure_connection()
                # Copied into the open database through the same API, so WAL and open handles stay right.
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            env, args = _pg_env_and_args()
            connections.close_all()
            done = subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                                   "--single-transaction", *args, str(work / "database.pgdump")],
                                  env=env, capture_output=True, text=True)
            if done.returncode:
                raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media)
    return manifest, audit.verify()


def missing_head(manifest):
    """'' when the restored chain still has, at its link, the head the backup was taken with (read just before
    the copy, so later links may follow it); else what is wrong."""
    chain = manifest["history_chain"]
    return audit.missing_head(chain.get("link", 0), chain["head"], f"the backup of {manifest['created']}")
