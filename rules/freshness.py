"""When the stored evaluation is refreshed (docs/decisions/0034).

- A write to anything the rules may read marks it stale once its transaction commits (signals on every
  model's save and delete, and many-to-many changes; bulk paths that send no signals show as a newer link of
  the history chain).
- The next page that reads it refreshes it when it is stale, or from an earlier day (rules are dated):
  inline while a refresh is cheap (the last took at most INLINE_MS), so a small region always sees its own
  edits; otherwise at most once per DEBOUNCE seconds, in a background thread of the process, while the page
  shows the stored result with its "as of" time. Inside a transaction (tests, ATOMIC_REQUESTS) a thread could
  not see what the transaction wrote, so the refresh then runs inline; and a page read in the transaction
  that wrote something the rules read (not committed, so not yet marked) refreshes at once, whatever the
  debounce: whoever edits sees their own edit.
- Concurrent refreshes, in threads or in gunicorn's workers: one claims the RefreshState row
  (actions_evaluation._claim), the others keep showing what is stored.
"""

import datetime
import functools
import logging
import os
import threading

from django.apps import apps
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
from django.utils import timezone

from core.models import ChainLink

from . import actions_evaluation
from .models import Evaluation, RefreshState

log = logging.getLogger(__name__)

DEBOUNCE = int(os.environ.get("STYR_RULES_DEBOUNCE", "60"))
INLINE_MS = int(os.environ.get("STYR_RULES_INLINE_MS", "1500"))
# What no rule reads: the rules' own rows, sessions, logins, the audit chain, history and admin logs.
IGNORED_APPS = {"rules", "sessions", "admin", "contenttypes", "axes", "core", "auth", "mozilla_django_oidc"}

_pending = actions_evaluation.pending  # this thread's writes not yet marked (see _own_writes_pending)
_thread_lock = threading.Lock()
_thread = None


_migrating = []  # while `migrate` runs: its data migrations write before rules' tables exist, and a new
# database has no evaluation to make stale anyway


def _changed(sender, **kwargs):
    meta = sender._meta
    if _migrating or meta.app_label in IGNORED_APPS or meta.object_name.startswith("Historical"):
        return
    # Registered for every write (as core.audit does): a rolled-back transaction drops its callbacks.
    _pending.changed = True
    transaction.on_commit(_flush, using=kwargs.get("using"))


def _flush():
    if not getattr(_pending, "changed", False):
        return
    _pending.changed = False
    try:
        # Mostly it is stale already (the first write after a refresh marked it): one read then, where the
        # conditional UPDATE would take SQLite's write lock and find no row (measured on every API POST).
        if not RefreshState.objects.filter(pk=1, stale_since__isnull=False).exists():
            actions_evaluation.mark_stale()
    except DatabaseError as error:  # the write is committed; the history chain still shows it to the next page
        log.warning("marking the stored findings stale failed: %s", error)


def connect():
    post_save.connect(_changed, dispatch_uid="styr-rules-stale-save")
    post_delete.connect(_changed, dispatch_uid="styr-rules-stale-delete")
    m2m_changed.connect(_changed, dispatch_uid="styr-rules-stale-m2m")
    pre_migrate.connect(_migration_starts, dispatch_uid="styr-rules-stale-pre-migrate")
    post_migrate.connect(_migration_ends, dispatch_uid="styr-rules-stale-post-migrate")


def _migration_starts(**kwargs):
    _migrating[:] = [True]


def _migration_ends(**kwargs):
    _migrating.clear()


def _own_writes_pending():
    """Writes of the transaction this thread is still in (its commit will mark the evaluation stale): a page
    read in the same transaction (ATOMIC_REQUESTS, tests) would not see them in the stored rows otherwise."""
    return connection.in_atomic_block and getattr(_pending, "changed", False)


def last_chain_link():
    """The last link of the history chain that records something the rules may read. A sign-in writes a link
    too (the user's last login is recorded): counted, every sign-in made the whole evaluation stale, and at
    100,000 services a worker spent a minute refreshing it after each one (docs/decisions/0036)."""
    return (ChainLink.objects.exclude(model__in=_ignored_models()).order_by("-pk").values_list("pk", flat=True)
            .first() or 0)


@functools.cache  # the installed models do not change while the process runs
def _ignored_models():
    return [model._meta.label_lower for model in apps.get_models() if model._meta.app_label in IGNORED_APPS]


def latest():
    return Evaluation.objects.filter(status=Evaluation.Status.DONE).order_by("-pk").first()


def due(evaluation, now=None):
    """Why `evaluation` should be refreshed now ("edit", "new day"), or "" (fresh, or within the debounce)."""
    now = now or timezone.now()
    if evaluation.on < timezone.localdate(now):
        return "new day"
    if _own_writes_pending():
        return "own edit"
    state = RefreshState.objects.filter(pk=1).values_list("stale_since", "running_since").first()
    stale = (state is not None and state[0] is not None) or last_chain_link() > evaluation.chain_link
    if not stale or (state is not None and state[1] is not None):
        return ""
    if evaluation.took_ms > INLINE_MS and now - evaluation.as_of < datetime.timedelta(seconds=DEBOUNCE):
        return ""
    return "edit"


def current():
    """The evaluation the pages read: the latest, refreshed first when it is due and cheap, or refreshed in the
    background when it is due and dear. The first ever is made inline: there is nothing to show before it."""
    evaluation = latest()
    if evaluation is None:
        return actions_evaluation.refresh(trigger="first") or latest()
    trigger = due(evaluation)
    if not trigger:
        return evaluation
    if evaluation.took_ms <= INLINE_MS or connection.in_atomic_block:
        return actions_evaluation.refresh(trigger=trigger.replace("own ", "")) or evaluation
    _start_background(trigger)
    return evaluation


def refreshing():
    """True while a refresh runs (the pages say so beside the "as of" time)."""
    return RefreshState.objects.filter(pk=1, running_since__isnull=False).exists()


def _start_background(trigger, user_id=None):
    global _thread
    with _thread_lock:
        if _thread is not None and _thread.is_alive():
            return
        _thread = threading.Thread(target=_background, args=(trigger, user_id), name="styr-rules-refresh", daemon=True)
        _thread.start()


def _background(trigger, user_id=None):
    from django.contrib.auth import get_user_model

    try:
        by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        actions_evaluation.refresh(trigger=trigger, by=by)
    except Exception:
        log.exception("refreshing the stored findings failed")
    finally:
        close_old_connections()
        connection.close()


def refresh_now(user):
    """The button: the evaluation refreshed at once when cheap (or inside a transaction), else in the background.
    Returns the new evaluation, or None when it runs in the background or another refresh already runs."""
    evaluation = latest()
    if evaluation is None or evaluation.took_ms <= INLINE_MS or connection.in_atomic_block:
        return actions_evaluation.refresh(trigger="button", by=user)
    _start_background("button", user.pk)
    return None
