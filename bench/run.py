"""`make bench`: Hipflex under load on this machine, beside a Django that only says hello.

1. Database: the PostgreSQL database hipflex_bench (127.0.0.1:5432, user postgres) is reused
   when an earlier run seeded it with the same --users, --days and --seed, by the same text of
   seed_demo, less than MAX_SEED_AGE_DAYS ago (the database's comment says what and when);
   otherwise, or with --fresh, it is dropped, created and filled by `seed_demo
   --disable-triggers` (2,000 people with 180 days took 46 s on this 2-CPU machine). Then
   migrate and collectstatic.
2. People: the sessions demo people logged today are deleted (seed_demo logs none: earlier
   runs of the bench did), which opens their day again; every demo person's check of
   yesterday's session is left unanswered, so the pages show the morning check as they do on
   a morning. The people of the journey are those with a training session planned today and
   not yet logged; each gets a session logged yesterday if they had none, for the morning
   check to answer. One of them is kept aside to count queries.
3. Queries: the SQL queries of each page and of each journey step are counted in this
   process with Django's test Client, as the person kept aside (in no load, and before the
   servers start, so on the same code as theirs).
4. Sessions, made in this process without the login form: django.contrib.sessions'
   SessionStore (cached_db, on Redis) with what django.contrib.auth.login stores, under the
   same DATABASE_URL, CACHE_URL, CACHE_KEY_PREFIX and SECRET_KEY as the servers. One per
   demo person for the pages (all but the one kept aside), one more per journey person.
5. Servers: two gunicorns from the production config (`-c python:hipflex.gunicorn`,
   WEB_CONCURRENCY workers, each its own --bind and --control-socket, logs in the log dir),
   DEBUG off: the app (hipflex.wsgi) and the hello ceiling (bench.hello). One cookie is
   checked to open that person's own page (200, their address), not the login page.
6. Load, with wrk (-t2 -c8, bench/wrk.lua): a short unmeasured warm-up of both servers on
   /healthz, then the hello ceiling, then each page alone, every request as the next of all
   the demo people (no person twice in a row). No measured page is visited before it is
   timed, by anyone.
7. The journey (bench/journey.py): 8 simulated people at once, each journey a different
   person, from /today/ through the guided session to /progress/ and the morning check.
8. The tables and the targets are printed and written to bench/results.json, README.md and
   bench/RESULTS.md (between their bench markers only); the exit status is 1 when a target
   is missed or a request failed.
9. Whatever happens, every process it started is stopped, and what it made is removed: its
   sessions' rows, and its keys in Redis db 2. Redis is never flushed: the servers and this
   process use a key prefix of this run's own (CACHE_KEY_PREFIX), and only keys under it are
   deleted. The database is dropped only with --drop.

Traffic goes to 127.0.0.1 only, and every run is bounded in time.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
# Each page alone: the least share of the ceiling's req/s, and the most p95, at -c8.
PAGE_TARGETS = {
    "/today/": 0.08,
    "/plan/": 0.08,
    "/progress/": 0.06,
    "/sessions/": 0.06,
    "/library/": 0.06,
}
MAX_P95_MS = 60
SEED_DEMO = BENCH_DIR.parent / "tracking/management/commands/seed_demo.py"
MAX_SEED_AGE_DAYS = 7  # the demo history ends, and the plans run out, from the day of seeding
USER_AGENT = "hipflex-bench"
HEALTH_TIMEOUT_SECONDS = 60
SQL_REPEATS = 5
MARK_START = "<!-- bench:start -->"
MARK_END = "<!-- bench:end -->"
OTHER_WORK_WARNING = 0.15  # share of the CPUs used by other processes during a phase
RESERVED_DATABASES = {"hipflex_prof", "postgres", "template0", "template1"}


def main() -> int:
    args = parse_args()
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))  # run as a script: the project's packages
    env = bench_env(args)
    os.environ.update(env)  # this process makes sessions and counts queries as the servers do
    # A SIGTERM (make interrupted, a CI timeout) unwinds through `finally` like Ctrl-C does.
    signal.signal(signal.SIGTERM, exit_on_signal)
    started = time.perf_counter()
    log_dir = Path(tempfile.mkdtemp(prefix="hipflex-bench-"))
    print(f"Logs: {log_dir}")
    processes = Processes()
    sessions: list[str] = []
    try:
        data = prepare_database(args, env, log_dir)
        setup_django()
        people = prepare_people(args)
        counted_cookies, counted_keys = make_sessions([people.counted.user])
        sessions += counted_keys
        # Before the servers start: the same code as theirs, and no load has touched anything.
        queries = count_queries(people, counted_cookies[0])
        step("Sessions (SessionStore, as django.contrib.auth.login stores them)")
        loaded = [user for user in people.everyone if user.pk != people.counted.user.pk]
        page_cookies, page_keys = make_sessions(loaded)
        journey_cookies, journey_keys = make_sessions([p.user for p in people.journey])
        sessions += page_keys + journey_keys
        print(f"{len(sessions)} sessions made")
        # Shuffled once: consecutive requests are not neighbours in the tables either.
        random.Random(args.seed).shuffle(page_cookies)
        cookie_file = log_dir / "cookies.txt"
        cookie_file.write_text("\n".join(page_cookies) + "\n")

        step("Servers")
        app_port, hello_port = args.port or free_port(), args.hello_port or free_port()
        app = processes.gunicorn("app", "hipflex.wsgi", app_port, env, log_dir)
        hello = processes.gunicorn("hello", "bench.hello", hello_port, env, log_dir)
        wait_for_health(app)
        wait_for_health(hello)
        check_person(app, page_cookies[0], people)

        step("Load (wrk)")
        wrk = Wrk(args, processes, log_dir, database=args.database)
        wrk.run("warm-up app", app, "/healthz", None, args.warm_up_seconds, measured=False)
        wrk.run("warm-up hello", hello, "/healthz", None, args.warm_up_seconds, measured=False)
        wait_for_quiet(args.wait_for_quiet)
        database_in_memory()
        ceiling = wrk.run("ceiling", hello, "/", None, args.ceiling_seconds)
        pages = {
            page: wrk.run(page, app, page, cookie_file, args.page_seconds) for page in PAGE_TARGETS
        }

        step(f"Journey: {args.connections} people at once, {len(people.journey)} journeys")
        journey = run_journey(args, app, people, journey_cookies, wrk)
        processes.stop_all()
        data["rows"] = people.data
        report = build_report(args, data, ceiling, pages, journey, queries, wrk)
        report["run_seconds"] = round(time.perf_counter() - started)
    finally:
        processes.stop_all()
        clean_up(sessions, env)
        if args.drop:
            drop_database(args.database)
    write_report(report)
    return 0 if all(target["met"] for target in report["targets"]) else 1


def exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def production_workers() -> int:
    """The workers hipflex/gunicorn.py starts here (WEB_CONCURRENCY, or two per CPU)."""
    sys.path.insert(0, str(BASE_DIR))
    from hipflex import gunicorn as config

    return int(config.workers)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    seed = parser.add_argument_group("demo data (seed_demo)")
    seed.add_argument("--users", type=int, default=2000, help="Demo people (default 2000).")
    seed.add_argument("--days", type=int, default=180, help="Days of history (default 180).")
    seed.add_argument("--seed", type=int, default=1, help="seed_demo's --seed (default 1).")
    load = parser.add_argument_group("load")
    load.add_argument("--threads", type=int, default=2, help="wrk's -t (default 2).")
    load.add_argument(
        "--connections",
        type=int,
        default=8,
        help="wrk's -c, and the journey's people at once (default 8).",
    )
    load.add_argument(
        "--page-seconds",
        type=float,
        default=20,
        help="Each page alone (default 20).",
    )
    load.add_argument("--ceiling-seconds", type=float, default=20, help="Default 20.")
    load.add_argument(
        "--warm-up-seconds", type=float, default=5, help="Each server, on /healthz (default 5)."
    )
    load.add_argument(
        "--journeys",
        type=int,
        default=240,
        help="Journeys, each a different person (default 240; fewer if fewer people have a "
        "session planned today and not yet logged).",
    )
    load.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="On a shared machine: wait up to this long for the load average to fall below "
        "the number of CPUs before timing anything (default 0: do not wait).",
    )
    server = parser.add_argument_group("servers")
    server.add_argument(
        "--workers",
        type=int,
        default=production_workers(),
        help="Gunicorn workers, as WEB_CONCURRENCY (default: as in production, "
        "hipflex/gunicorn.py).",
    )
    server.add_argument("--database", default="hipflex_bench", help="Default hipflex_bench.")
    server.add_argument("--redis-db", type=int, default=2, help="Default 2; never flushed.")
    server.add_argument("--port", type=int, default=0, help="The app's (default: a free one).")
    server.add_argument("--hello-port", type=int, default=0, help="The hello app's.")
    server.add_argument(
        "--fresh", action="store_true", help="Drop and seed the database even if reusable."
    )
    server.add_argument("--drop", action="store_true", help="Drop the database at the end.")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database):
        parser.error("--database: lower-case letters, digits and underscores only.")
    if args.database in RESERVED_DATABASES or args.database.startswith("test"):
        parser.error(f"--database: {args.database} is not the bench's to drop.")
    if args.users < args.connections + 1:
        parser.error("--users: at least one more than --connections.")
    return args


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES}/{args.database}",
            "CACHE_URL": f"{REDIS}/{args.redis_db}",
            # This run's keys only: removed at the end, and nobody else's are touched.
            "CACHE_KEY_PREFIX": f"hipflex-bench-{secrets.token_hex(4)}",
            # Plain HTTP on the loopback: no redirect to HTTPS, cookies without Secure.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


# --- Database ----------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, env: dict[str, str], log_dir: Path) -> dict:
    import psycopg
    from psycopg import sql

    step(f"Database {args.database}")
    # The command's own text too: demo data made by an older seed_demo is made again.
    made_by = hashlib.sha256(SEED_DEMO.read_bytes()).hexdigest()[:12]
    wanted = f"seed_demo {made_by} --users {args.users} --days {args.days} --seed {args.seed}"
    name = sql.Identifier(args.database)
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [args.database],
        ).fetchone()
        seeded_on = seeded_date(row[0] if row else None, wanted)
        fresh_enough = seeded_on and date.today() - seeded_on <= timedelta(MAX_SEED_AGE_DAYS)
        reuse = bool(row and fresh_enough and not args.fresh)
        if reuse:
            print(f"Reusing it: {wanted}, seeded {seeded_on} (--fresh to seed it again)")
        else:
            why = (
                "--fresh"
                if args.fresh and row
                else "no such database"
                if not row
                else f"seeded otherwise or over {MAX_SEED_AGE_DAYS} days ago: {row[0]!r}"
            )
            print(f"Creating it ({why})")
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    manage(["migrate", "--no-input", "-v", "0"], env, log_dir)
    seed_seconds = None
    if not reuse:
        started = time.perf_counter()
        seed = ["--users", str(args.users), "--days", str(args.days), "--seed", str(args.seed)]
        manage(["seed_demo", *seed, "--disable-triggers"], env, log_dir)
        seed_seconds = round(time.perf_counter() - started, 1)
        print(f"Seeded in {seed_seconds} s")
        seeded_on = date.today()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            comment = sql.Literal(f"{wanted}, seeded {seeded_on.isoformat()}")
            connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, comment))
    manage(["collectstatic", "--no-input", "-v", "0"], env, log_dir)
    return {
        "seed_demo": wanted,
        "seeded_on": seeded_on.isoformat() if seeded_on else None,
        "reused": reuse,
        "seed_seconds": seed_seconds,
    }


def seeded_date(comment: str | None, wanted: str) -> date | None:
    """The day the database was seeded as wanted, from its comment, or None."""
    match = re.fullmatch(rf"{re.escape(wanted)}, seeded (\d{{4}}-\d\d-\d\d)", comment or "")
    return date.fromisoformat(match.group(1)) if match else None


def manage(command: list[str], env: dict[str, str], log_dir: Path) -> None:
    print("manage.py", " ".join(command), flush=True)
    log = log_dir / "manage.log"
    with log.open("a") as out:
        finished = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if finished.returncode != 0:
        print(log.read_text()[-3000:], file=sys.stderr)
        raise SystemExit(f"manage.py {command[0]} failed ({finished.returncode}): see {log}")


def drop_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        connection.execute(query)
    print(f"Dropped database {name}")


def data_size() -> dict[str, int]:
    from django.contrib.auth.models import User

    from routines.models import PlannedExercise
    from tracking.models import ExerciseResult, SessionLog

    return {
        "people": User.objects.count(),
        "sessions logged": SessionLog.objects.count(),
        "exercise results": ExerciseResult.objects.count(),
        "planned exercises": PlannedExercise.objects.count(),
    }


# --- People and their sessions ------------------------------------------------------------


def setup_django() -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "hipflex.settings"
    django.setup()


@dataclass
class JourneyPerson:
    user: Any
    morning_log_id: int
    pain: int


@dataclass
class People:
    everyone: list[Any]  # every demo person of the seed, for the pages
    journey: list[JourneyPerson]
    counted: JourneyPerson  # kept aside, in no load: their queries are counted
    data: dict[str, int]


def demo_number(username: str) -> int:
    return int(username.rsplit("-", 1)[1])


def prepare_people(args: argparse.Namespace) -> People:
    from django.contrib.auth.models import User

    step("People")
    prefix = f"demo-{args.seed}-"
    everyone = sorted(
        User.objects.filter(username__startswith=prefix), key=lambda u: demo_number(u.username)
    )
    print(f"{len(everyone)} demo people")
    reopened = reopen_today(prefix)
    print(f"{reopened} sessions logged today by earlier runs deleted, their days open again")
    waiting = leave_mornings_unanswered(prefix)
    print(f"{waiting} sessions of yesterday now wait for their morning check")
    candidates = open_today(prefix)[: args.journeys + 1]
    log_yesterday(candidates)
    # Logging yesterday may adapt the plan: keep those whose today is still open.
    still_open = open_today_ids(prefix)
    journey = [p for p in morning_checks(candidates) if p.user.pk in still_open]
    if len(journey) < args.connections + 1:
        raise SystemExit(
            f"Only {len(journey)} demo people have a session planned today and not yet logged: "
            "run with more --users."
        )
    counted, journey = journey[-1], journey[:-1]
    print(
        f"{len(journey)} people for the journey, {counted.user.username} kept aside to count "
        "queries; each has yesterday's session waiting for its morning check"
    )
    return People(everyone, journey, counted, data_size())


def reopen_today(prefix: str) -> int:
    """Delete the sessions demo people logged today (seed_demo logs none: earlier runs of the
    bench did), as a person can, which opens their planned day again: every run of a day has
    the same people for the journey."""
    from routines.models import Profile
    from tracking.models import SessionLog
    from tracking.services import session_delete

    deleted = 0
    for day, user_ids in people_by_local_day(
        Profile.objects.filter(user__username__startswith=prefix)
    ):
        for log in SessionLog.objects.filter(user_id__in=user_ids, date=day).select_related("user"):
            session_delete(log=log)
            deleted += 1
    return deleted


def leave_mornings_unanswered(prefix: str) -> int:
    """Yesterday's sessions (in each person's own time zone) without a morning answer."""
    from routines.models import Profile
    from tracking.models import SessionLog

    cleared = 0
    for day, user_ids in people_by_local_day(
        Profile.objects.filter(user__username__startswith=prefix)
    ):
        cleared += SessionLog.objects.filter(
            user_id__in=user_ids, date=day - timedelta(days=1)
        ).update(morning_pain=None, morning_answered_at=None)
    return cleared


def people_by_local_day(profiles: Any) -> list[tuple[date, list[int]]]:
    by_day: dict[date, list[int]] = defaultdict(list)
    for profile in profiles.only("user_id", "time_zone"):
        by_day[profile.local_today()].append(profile.user_id)
    return sorted(by_day.items())


def open_today(prefix: str) -> list[Any]:
    """Demo people, in order, with a training session planned today and not yet logged."""
    from django.contrib.auth.models import User

    users = User.objects.filter(pk__in=open_today_ids(prefix)).select_related("profile")
    return sorted(users, key=lambda user: demo_number(user.username))


def open_today_ids(prefix: str) -> set[int]:
    from routines.models import PlannedDay, Profile

    onboarded = Profile.objects.filter(
        user__username__startswith=prefix, onboarded_at__isnull=False
    )
    ids: set[int] = set()
    for day, user_ids in people_by_local_day(onboarded):
        days = PlannedDay.objects.filter(
            user_id__in=user_ids, date=day, completed_at=None, logs__isnull=True
        ).exclude(kind="rest")
        ids.update(days.values_list("user_id", flat=True))
    return ids


def log_yesterday(users: list[Any]) -> None:
    """A session logged yesterday for each who had none, for the morning check to answer."""
    from tracking.models import SessionLog
    from tracking.services import session_log_manual

    logged = 0
    for user in users:
        yesterday = user.profile.local_today() - timedelta(days=1)
        if SessionLog.objects.filter(user=user, date=yesterday).exists():
            continue
        pain = user.profile.usual_pain or 3
        session_log_manual(
            user=user,
            day=yesterday,
            kind="mobility",
            pain_before=pain,
            pain_after=max(0, pain - 1),
            effort=5,
            note="",
        )
        logged += 1
    print(f"Logged yesterday's session for {logged} of the {len(users)} journey people")


def morning_checks(users: list[Any]) -> list[JourneyPerson]:
    """Each person with the session of yesterday their pages ask about (as
    tracking.context_processors picks it)."""
    from tracking.models import SessionLog

    people = []
    for user in users:
        waiting = (
            SessionLog.objects.filter(
                user=user,
                date=user.profile.local_today() - timedelta(days=1),
                morning_pain__isnull=True,
            )
            .order_by("-started_at")
            .first()
        )
        if waiting:
            people.append(JourneyPerson(user, waiting.pk, user.profile.usual_pain or 3))
    return people


def make_sessions(users: list[Any]) -> tuple[list[str], list[str]]:
    """A signed-in session for each person, as django.contrib.auth.login stores it, and a
    CSRF cookie, as a returning browser has: their Cookie headers, and the session keys."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = sign_in_backend()
    cookies, keys = [], []
    for user in users:
        store = store_class()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        )
        keys.append(store.session_key)
    return cookies, keys


def sign_in_backend() -> str:
    """The backend allauth's login form signs people in with: the first that is (or extends)
    allauth's, as settings.AUTHENTICATION_BACKENDS name it."""
    from allauth.account.auth_backends import AuthenticationBackend
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in settings.AUTHENTICATION_BACKENDS:
        if issubclass(import_string(path), AuthenticationBackend):
            return path
    return settings.AUTHENTICATION_BACKENDS[0]


def clean_up(session_keys: list[str], env: dict[str, str]) -> None:
    """Remove the sessions this run made (and allauth's record of them) and every key of its
    cache prefix."""
    import redis

    if session_keys:
        from allauth.usersessions.models import UserSession
        from django.contrib.sessions.models import Session
        from django.db import connections

        for first in range(0, len(session_keys), 1000):
            keys = session_keys[first : first + 1000]
            Session.objects.filter(session_key__in=keys).delete()
            UserSession.objects.filter(session_key__in=keys).delete()
        connections.close_all()
    client = redis.Redis.from_url(env["CACHE_URL"])
    removed = 0
    for key in client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*", count=1000):
        removed += client.delete(key)
    print(f"Removed {len(session_keys)} sessions and {removed} Redis keys of this run")


# --- Servers --------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Processes:
    """Every process the bench starts, each in its own process group, stopped at the end."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def start(self, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        out = log.open("ab")
        self.logs.append(out)
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: gunicorn's workers stop with it
        )
        self.started.append(process)
        return process

    def gunicorn(
        self, name: str, module: str, port: int, env: dict[str, str], log_dir: Path
    ) -> Server:
        # The production config; only the WSGI module, the port and the control socket differ.
        command = [sys.executable, "-m", "gunicorn", "-c", "python:hipflex.gunicorn"]
        command += ["--bind", f"127.0.0.1:{port}"]
        command += ["--control-socket", str(log_dir / f"gunicorn-{name}.ctl"), module]
        log = log_dir / f"gunicorn-{name}.log"
        process = self.start(command, env, log)
        print(f"gunicorn {name}: {module} on 127.0.0.1:{port} (pid {process.pid}), log {log}")
        return Server(name, port, process, log)

    def stop(self, process: subprocess.Popen[bytes], grace: float = 15.0) -> None:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Workers outlive a master killed the hard way: end what is left of the group.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        if not self.started:
            return
        for process in reversed(self.started):
            self.stop(process)
        for out in self.logs:
            out.close()
        self.started, self.logs = [], []
        print("Stopped every process the bench started.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(server: Server, path: str, cookie: str = "") -> tuple[int, str, str]:
    """One GET straight to the loopback, redirects not followed: status, Location, body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        headers = {"User-Agent": USER_AGENT} | ({"Cookie": cookie} if cookie else {})
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Location", ""), response.read().decode()
    finally:
        connection.close()


def wait_for_health(server: Server) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            print(server.log.read_text()[-3000:], file=sys.stderr)
            raise SystemExit(f"gunicorn {server.name} stopped: see {server.log}")
        with suppress(OSError, http.client.HTTPException):
            if get(server, "/healthz")[0] == HTTPStatus.OK:
                print(f"{server.url}/healthz: ok")
                return
        time.sleep(0.25)
    raise SystemExit(f"{server.url}/healthz did not answer in {HEALTH_TIMEOUT_SECONDS} s")


def check_person(server: Server, cookie: str, people: People) -> None:
    """The first cookie of the load opens its own person's page, not the login page."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    key = cookie.split(";")[0].removeprefix(f"{settings.SESSION_COOKIE_NAME}=")

    user_id = int(Session.objects.get(session_key=key).get_decoded()["_auth_user_id"])
    email = next(user.email for user in people.everyone if user.pk == user_id)
    status, location, body = get(server, "/accounts/email/", cookie)
    if status != HTTPStatus.OK or email not in body:
        raise SystemExit(
            f"A bench session does not sign its person in: /accounts/email/ answered {status} "
            f"{location} without {email}. Check SECRET_KEY, CACHE_URL and SESSION_ENGINE."
        )
    print(f"A session cookie opens its person's own page ({email}): ok")


def database_in_memory() -> None:
    """Read the bench database's files into the OS's memory, as a database server that has
    been running holds its data. Without it the first pass over the 2,000 people read from
    disk on a machine that had kept only 597 of the database's 1,003 MB in memory: a page's
    first seconds ran at half speed with the CPUs idle, and whichever page came first took a
    p95 over 100 ms. It visits no page: pg_prewarm only reads the tables' and indexes' files
    ('read' mode, past PostgreSQL's own buffers)."""
    from django.db import connection

    step("Database files into memory (pg_prewarm, read)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(oid::regclass, 'read')) FROM pg_class "
            "WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'i', 'm')"
        )
        (pages,) = cursor.fetchone()
    connection.close()
    megabytes = int(pages or 0) * 8192 // 1_000_000
    print(f"{megabytes} MB read in {time.perf_counter() - started:.1f} s", flush=True)


def wait_for_quiet(limit: float) -> None:
    cpus = os.cpu_count() or 1
    deadline = time.monotonic() + limit
    if os.getloadavg()[0] >= cpus and limit > 0:
        print(f"Waiting up to {limit:g} s for the load average to fall below {cpus}", flush=True)
    while os.getloadavg()[0] >= cpus and time.monotonic() < deadline:
        time.sleep(5)


# --- CPU, from /proc ------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server: Server | None, database: str) -> dict[str, float]:
    """CPU seconds so far: the machine's, a gunicorn's (master and workers), the PostgreSQL
    backends of the database, and this process's children that ended (wrk) and its own."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])))
    gunicorn = 0.0
    if server is not None:
        tree = {server.process.pid}
        for pid, (ppid, _) in sorted(stats.items()):
            if ppid in tree:
                tree.add(pid)
        gunicorn = sum(stats[pid][1] for pid in tree if pid in stats) / TICKS
    postgres = 0.0
    for pid, (_, ticks) in stats.items():
        with suppress(OSError):
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if title.startswith("postgres:") and f" {database} " in title:
                postgres += ticks / TICKS
    machine = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    children, me = resource.getrusage(resource.RUSAGE_CHILDREN), os.times()
    return {
        "machine": (sum(machine) - machine[3] - machine[4]) / TICKS,  # less idle and iowait
        "gunicorn": gunicorn,
        "postgres": postgres,
        "wrk": children.ru_utime + children.ru_stime,
        "bench": me.user + me.system,
    }


def cpu_used(before: dict[str, float], after: dict[str, float], seconds: float) -> dict:
    used = {name: after[name] - before[name] for name in before}
    load = used["wrk"] + used["bench"]  # the load generator: wrk, or the journey's threads
    other = max(used["machine"] - used["gunicorn"] - used["postgres"] - load, 0.0)
    capacity = seconds * (os.cpu_count() or 1)
    return {
        "gunicorn_s": round(used["gunicorn"], 2),
        "postgres_s": round(used["postgres"], 2),
        "load_generator_s": round(load, 2),
        "other_s": round(other, 2),  # Redis, and whatever else ran on the machine
        "machine_busy": round(used["machine"] / capacity, 3) if capacity else 0.0,
        "other_share": round(other / capacity, 3) if capacity else 0.0,
    }


# --- wrk --------------------------------------------------------------------------------------


class Wrk:
    def __init__(
        self, args: argparse.Namespace, processes: Processes, log_dir: Path, database: str
    ) -> None:
        self.args, self.processes, self.log_dir, self.database = args, processes, log_dir, database
        self.version = wrk_version()
        self.cpu: list[dict[str, Any]] = []

    def run(
        self,
        name: str,
        server: Server,
        path: str,
        cookies: Path | None,
        seconds: float,
        measured: bool = True,
    ) -> dict[str, Any]:
        """wrk on one path for `seconds`, each request as the next person of `cookies`."""
        a = self.args
        command = ["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{seconds:g}s"]
        command += ["--timeout", "10s", "-s", str(BENCH_DIR / "wrk.lua"), server.url, "--"]
        command += [path, str(cookies or "-"), str(a.threads), USER_AGENT]
        log = self.log_dir / "wrk.log"
        with log.open("a") as out:
            out.write(f"\n$ {' '.join(command)}\n")
        before = cpu_snapshot(server, self.database)
        started = time.perf_counter()
        process = self.processes.start(command, dict(os.environ), log)
        try:
            returncode = process.wait(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            self.processes.stop(process)
            raise SystemExit(f"wrk ({name}) ran past its time: see {log}") from None
        elapsed = time.perf_counter() - started
        cpu = cpu_used(before, cpu_snapshot(server, self.database), elapsed)
        lines = [line for line in log.read_text().splitlines() if line.startswith("BENCH_RESULT")]
        if returncode != 0 or not lines:
            print(log.read_text()[-3000:], file=sys.stderr)
            raise SystemExit(f"wrk ({name}) failed ({returncode}): see {log}")
        raw = json.loads(lines[-1].removeprefix("BENCH_RESULT "))
        result = wrk_figures(raw) | {"seconds": round(raw["duration_us"] / 1e6, 2)}
        print(
            f"  {name:26} {result['requests']:7} requests {result['rps']:8.1f}/s "
            f"p50 {result['p50_ms']} p95 {result['p95_ms']} p99 {result['p99_ms']} ms, "
            f"{result['errors']} errors; machine {cpu['machine_busy']:.0%} busy, "
            f"others {cpu['other_share']:.0%}",
            flush=True,
        )
        if result["errors"]:
            # A page that answers 302 to the login page is not a fast page: say it loudly.
            print(
                f"  !! {name}: {result['errors']} requests failed, first: "
                f"{result['first_error'] or 'connection errors or timeouts'}",
                file=sys.stderr,
                flush=True,
            )
        if measured:
            self.cpu.append({"phase": name, "rps": result["rps"], **cpu_per_request(cpu, result)})
        return result


def wrk_version() -> str:
    finished = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    match = re.search(r"wrk (\S+)", finished.stdout + finished.stderr)
    return match.group(1) if match else "unknown"


def wrk_figures(raw: dict[str, Any]) -> dict[str, Any]:
    seconds = raw["duration_us"] / 1e6
    errors = raw["non_2xx"] + raw["connect_errors"] + raw["read_errors"]
    errors += raw["write_errors"] + raw["timeouts"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors,
        "non_2xx": raw["non_2xx"],
        "first_error": raw["first_error"],
    }


def cpu_per_request(cpu: dict[str, Any], figures: dict[str, Any]) -> dict[str, Any]:
    requests = figures["requests"] or 1
    return cpu | {
        "gunicorn_ms_per_request": round(cpu["gunicorn_s"] / requests * 1000, 2),
        "postgres_ms_per_request": round(cpu["postgres_s"] / requests * 1000, 2),
    }


# --- The journey --------------------------------------------------------------------------


def run_journey(
    args: argparse.Namespace, app: Server, people: People, cookies: list[str], wrk: Wrk
) -> dict[str, Any]:
    from django.conf import settings

    from bench.journey import STEPS, Person, run_journeys

    def jar(cookie: str) -> dict[str, str]:
        return dict(part.strip().split("=", 1) for part in cookie.split(";"))

    assert all(settings.SESSION_COOKIE_NAME in cookie for cookie in cookies)
    simulated = [
        Person(p.user.username, jar(cookie), p.morning_log_id, p.pain)
        for p, cookie in zip(people.journey, cookies, strict=True)
    ]
    before = cpu_snapshot(app, args.database)
    timings, seconds = run_journeys("127.0.0.1", app.port, simulated, args.connections, USER_AGENT)
    cpu = cpu_used(before, cpu_snapshot(app, args.database), seconds)
    rows = []
    for name in STEPS:
        rows.append({"step": name} | time_figures(timings.seconds[name], seconds))
        rows[-1]["errors"] = timings.errors[name]
    every = [s for name in STEPS for s in timings.seconds[name]]
    total = {"step": "every request"} | time_figures(every, seconds)
    total["errors"] = sum(timings.errors.values())
    for row in [*rows, total]:
        print(
            f"  {row['step']:42} {row['requests']:6} requests {row['rps']:7.1f}/s "
            f"p50 {row['p50_ms']} p95 {row['p95_ms']} ms, {row['errors']} errors"
        )
    for message in timings.messages:
        print(f"  !! journey failed: {message}", file=sys.stderr)
    wrk.cpu.append({"phase": "journey", "rps": total["rps"], **cpu_per_request(cpu, total)})
    return {
        "people_at_once": args.connections,
        "journeys": timings.journeys,
        "journeys_planned": len(simulated),
        "seconds": round(seconds, 2),
        "journeys_per_second": round(timings.journeys / seconds, 2) if seconds else 0.0,
        "steps": rows,
        "total": total,
        "failures": timings.messages,
    }


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(share * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def time_figures(seconds_each: list[float], seconds: float) -> dict[str, Any]:
    values = sorted(seconds_each)
    return {
        "requests": len(values),
        "rps": round(len(values) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
    }


# --- SQL queries per request, in this process -----------------------------------------------


def count_queries(people: People, cookie: str) -> dict[str, Any]:
    from django.db import connection, connections
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    step(f"SQL queries per request (test Client, as {people.counted.user.username})")
    setup_test_environment()  # lets the test Client's host in, as with DEBUG off it must be
    measured: dict[str, dict[str, Any]] = {}

    def measure(label: str, send: Any, expected: int, repeats: int = SQL_REPEATS) -> Any:
        if repeats > 1:
            send()  # caches and lazy imports as they are under load
        times, cpu_times, counts = [], [], []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = send()
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu_started) * 1000)
            counts.append(len(captured.captured_queries))
            if response.status_code != expected:
                # A redirect to log in or to onboarding would count the wrong page's queries.
                raise SystemExit(f"{label} answered {response.status_code}, not {expected}.")
        if label in measured:  # a step done several times (each exercise): the most
            counts.append(measured[label]["queries"])
        measured[label] = {
            "queries": max(counts),
            "queries_each_time": counts,
            "median_ms": round(statistics.median(times), 1),
            # Python's own CPU (Django, templates, psycopg), without waiting for PostgreSQL.
            "python_cpu_ms": round(statistics.median(cpu_times), 1),
            "repeated": repeated_queries(captured.captured_queries),
            "statements": [masked(query["sql"])[:200] for query in captured.captured_queries],
        }
        return response

    client = Client(headers={"User-Agent": USER_AGENT})
    for part in cookie.split(";"):
        name, value = part.strip().split("=", 1)
        client.cookies[name] = value
    ok, found = HTTPStatus.OK, HTTPStatus.FOUND
    try:
        for page in PAGE_TARGETS:
            measure(f"GET {page}", lambda page=page: client.get(page), ok)
        # The journey's steps, once each (they write), as the person kept aside.
        measure("GET /sessions/start/", lambda: client.get("/sessions/start/"), ok, 1)
        started = measure(
            "POST /sessions/start/",
            lambda: client.post("/sessions/start/", {"pain_before": 4}),
            found,
            1,
        )
        log_path = started["Location"].removesuffix("do/")
        first = measure("GET /sessions/<id>/do/", lambda: client.get(f"{log_path}do/"), found, 1)
        location, finish_path = first["Location"], f"{log_path}do/finish/"
        boosted = {"HX-Request": "true", "HX-Boosted": "true"}
        while location != finish_path:
            measure(
                "GET /sessions/<id>/do/<n>/ (boosted)",
                lambda location=location: client.get(location, headers=boosted),
                ok,
                1,
            )
            location = measure(
                "POST /sessions/<id>/do/<n>/ (boosted)",
                lambda location=location: client.post(
                    location, {"status": "done"}, headers=boosted
                ),
                found,
                1,
            )["Location"]
        measure(
            "GET /sessions/<id>/do/finish/ (boosted)",
            lambda: client.get(finish_path, headers=boosted),
            ok,
            1,
        )
        finish = {"pain_after": 3, "effort": 5, "note": ""}
        measure(
            "POST /sessions/<id>/do/finish/",
            lambda: client.post(finish_path, finish),
            found,
            1,
        )
        measure("GET /sessions/<id>/", lambda: client.get(log_path), ok, 1)
        morning = f"/sessions/{people.counted.morning_log_id}/morning/"
        measure(
            "POST /sessions/<id>/morning/ (htmx)",
            lambda: client.post(
                morning,
                {"morning_pain": 3, "next": "/progress/"},
                headers={"HX-Request": "true"},
            ),
            ok,
            1,
        )
        # One Client for all its requests: each new one builds the middleware again.
        anonymous = Client()
        with override_settings(ROOT_URLCONF="bench.hello_urls"):
            measure("GET / (hello)", lambda: anonymous.get("/"), ok)
    finally:
        connections.close_all()
    for label, figures in measured.items():
        print(
            f"  {label:42} {figures['queries']:3} queries {figures['median_ms']:7.1f} ms "
            f"({figures['python_cpu_ms']:.1f} ms Python CPU)"
        )
    return {"person": people.counted.user.username, "requests": measured}


def repeated_queries(captured: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Statements run more than once in one request, literals masked: where N+1s show."""
    shapes = Counter(re.sub(r"\b\d+\b", "?", masked(query["sql"])) for query in captured)
    return [
        {"times": times, "sql": shape[:300]} for shape, times in shapes.most_common(5) if times > 1
    ]


def masked(statement: str) -> str:
    """A statement with its quoted values (session keys, dates, names) left out."""
    return re.sub(r"'[^']*'", "'?'", statement)


# --- Report ----------------------------------------------------------------------------------


def build_report(
    args: argparse.Namespace,
    data: dict[str, Any],
    ceiling: dict[str, Any],
    pages: dict[str, dict[str, Any]],
    journey: dict[str, Any],
    queries: dict[str, Any],
    wrk: Wrk,
) -> dict[str, Any]:
    import django

    from hipflex.query_budgets import QUERY_BUDGETS

    sql = queries["requests"]
    targets = []
    alone = []
    for page, share in PAGE_TARGETS.items():
        figures = pages[page]
        of_ceiling = figures["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
        fast = of_ceiling >= share
        quick = figures["p95_ms"] < MAX_P95_MS
        targets.append(
            {
                "target": f"{page} alone at least {share:.0%} of the ceiling's req/s",
                "met": fast,
                "detail": f"{figures['rps']:.1f} req/s = {of_ceiling:.1%} of {ceiling['rps']:.1f}",
            }
        )
        targets.append(
            {
                "target": f"{page} alone p95 under {MAX_P95_MS} ms at {args.connections} "
                "connections",
                "met": quick,
                "detail": f"{figures['p95_ms']} ms",
            }
        )
        alone.append(
            {"page": f"GET {page}"}
            | figures
            | {
                "sql_queries": sql[f"GET {page}"]["queries"],
                "query_budget": QUERY_BUDGETS.get(f"GET {page}"),
                "share_of_ceiling": round(of_ceiling, 4),
                "target": f">= {share:.0%}, p95 < {MAX_P95_MS} ms",
                "met": fast and quick,
            }
        )
    failed = sum(figures["errors"] for figures in [ceiling, *pages.values()])
    journey_failed = journey["total"]["errors"]
    complete = journey["journeys"] == journey["journeys_planned"]
    targets.insert(
        0,
        {
            "target": "no errors",
            "met": failed == 0 and journey_failed == 0 and complete,
            "detail": f"{failed} failed requests under wrk, {journey_failed} failed journey steps, "
            f"{journey['journeys']} of {journey['journeys_planned']} journeys done",
        },
    )
    for row in journey["steps"]:
        counted = sql.get(row["step"]) or sql.get(row["step"].split(" (")[0])
        row["sql_queries"] = counted["queries"] if counted else None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "note": "wrk, the journey's client, gunicorn, PostgreSQL and Redis share these CPUs",
        },
        "data": data,
        "server": {
            "gunicorn": version("gunicorn"),
            "workers": args.workers,
            "config": "hipflex/gunicorn.py",
            "django": django.get_version(),
            "database": f"PostgreSQL {args.database} at 127.0.0.1:5432",
            "cache": f"Redis db {args.redis_db}, this run's own key prefix",
            "debug": False,
        },
        "load": {
            "wrk": wrk.version,
            "threads": args.threads,
            "connections": args.connections,
            "page_seconds": args.page_seconds,
            "ceiling_seconds": args.ceiling_seconds,
            "warm_up_seconds": args.warm_up_seconds,
        },
        "ceiling": ceiling | {"page": "GET / (hello, the ceiling)", "share_of_ceiling": 1.0},
        "each_page_alone": alone,
        "journey": journey,
        "sql": queries,
        "cpu": wrk.cpu,
        "targets": targets,
    }


PAGE_COLUMNS = ["page", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
PAGE_COLUMNS += ["SQL queries", "% of ceiling", "target", "met?"]
JOURNEY_COLUMNS = ["step", "requests", "req/s", "p50 ms", "p95 ms", "errors", "SQL queries"]
LEFT = {"page", "step", "target", "met?"}


def blank(value: Any) -> str:
    return "" if value is None else str(value)


def timing_cells(r: dict[str, Any], percentiles: tuple[str, ...]) -> list[str]:
    """Requests, req/s, the given percentiles and errors of one table row."""
    return [
        str(r["requests"]),
        f"{r['rps']:.1f}",
        *(str(r[key]) for key in percentiles),
        str(r["errors"]),
    ]


def page_rows(report: dict[str, Any]) -> list[list[str]]:
    ceiling = report["ceiling"]
    rows = [
        [
            r["page"],
            *timing_cells(r, ("p50_ms", "p95_ms", "p99_ms")),
            blank(r["sql_queries"]),
            f"{r['share_of_ceiling']:.1%}",
            r["target"],
            "met" if r["met"] else "MISSED",
        ]
        for r in report["each_page_alone"]
    ]
    hello = report["sql"]["requests"]["GET / (hello)"]["queries"]
    rows.append(
        [ceiling["page"], *timing_cells(ceiling, ("p50_ms", "p95_ms", "p99_ms"))]
        + [str(hello), "100.0%", "", ""]
    )
    return rows


def journey_rows(report: dict[str, Any]) -> list[list[str]]:
    journey = report["journey"]
    return [
        [r["step"], *timing_cells(r, ("p50_ms", "p95_ms")), blank(r.get("sql_queries"))]
        for r in [*journey["steps"], journey["total"]]
    ]


def text_table(columns: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in [columns, *rows]) for i in range(len(columns))]

    def line(cells: list[str]) -> str:
        return " | ".join(
            cell.ljust(width) if column in LEFT else cell.rjust(width)
            for cell, width, column in zip(cells, widths, columns, strict=True)
        )

    return "\n".join([line(columns), "-+-".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(columns: list[str], rows: list[list[str]]) -> str:
    align = ["---" if column in LEFT else "---:" for column in columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def target_lines(report: dict[str, Any]) -> list[str]:
    return [
        f"{'met   ' if t['met'] else 'MISSED'}  {t['target']}: {t['detail']}"
        for t in report["targets"]
    ]


def busy_machine_note(report: dict[str, Any]) -> str:
    busiest = max(report["cpu"], key=lambda phase: phase["other_share"])
    if busiest["other_share"] < OTHER_WORK_WARNING:
        return ""
    return (
        f"other work on this machine took {busiest['other_share']:.0%} of its CPU during "
        f"{busiest['phase']}: the figures are lower than this machine can do."
    )


def setup_line(report: dict[str, Any]) -> str:
    data, server, load = report["data"], report["server"], report["load"]
    rows = ", ".join(f"{count:,} {name}" for name, count in data["rows"].items())
    seeding = (
        f"seeded by this run in {data['seed_seconds']:g} s"
        if data["seed_seconds"]
        else f"seeded {data['seeded_on']}, reused"
    )
    return (
        f"Measured {report['date']} by `make bench` on {report['machine']['cpus']} CPUs "
        f"shared by wrk {load['wrk']}, gunicorn {server['gunicorn']} ({server['workers']} "
        f"sync workers, {server['config']}), PostgreSQL and Redis. Data: `{data['seed_demo']}` "
        f"({rows}; {seeding}). wrk -t{load['threads']} -c{load['connections']}, each request "
        f"as the next of all the demo people; DEBUG off. The run took {report['run_seconds']} s."
    )


def journey_line(report: dict[str, Any]) -> str:
    journey = report["journey"]
    return (
        f"The journey: {journey['people_at_once']} people at once, no think time, each journey "
        f"a different person: {journey['journeys']} journeys in {journey['seconds']:g} s "
        f"({journey['journeys_per_second']:g} a second)."
    )


def write_report(report: dict[str, Any]) -> None:
    pages, journey = page_rows(report), journey_rows(report)
    step("Each page alone")
    print(text_table(PAGE_COLUMNS, pages))
    step("The journey")
    print(journey_line(report))
    print(text_table(JOURNEY_COLUMNS, journey))
    step("Targets")
    print("\n".join(target_lines(report)))
    if note := busy_machine_note(report):
        print(f"\nWarning: {note}")
    (BENCH_DIR / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    load = report["load"]
    readme = [
        setup_line(report),
        "",
        f"Each page alone ({load['page_seconds']:g} s each; the ceiling "
        f"{load['ceiling_seconds']:g} s):",
        "",
        markdown_table(PAGE_COLUMNS, pages),
        "",
        journey_line(report),
        "",
        markdown_table(JOURNEY_COLUMNS, journey),
        "",
        *[f"- {line}" for line in target_lines(report)],
    ]
    replace_between_marks(BASE_DIR / "README.md", "\n".join(readme))
    replace_between_marks(BENCH_DIR / "RESULTS.md", results_section(report, pages, journey))
    print(f"\nWrote {BENCH_DIR / 'results.json'}, {BENCH_DIR / 'RESULTS.md'} and README.md")


def results_section(
    report: dict[str, Any], pages: list[list[str]], journey: list[list[str]]
) -> str:
    load = report["load"]
    from hipflex.query_budgets import QUERY_BUDGETS

    sql_lines = [
        f"| {label} | {figures['queries']} | {blank(QUERY_BUDGETS.get(label))} | "
        f"{figures['median_ms']} | {figures['python_cpu_ms']} |"
        for label, figures in report["sql"]["requests"].items()
    ]
    cpu_lines = [
        f"| {c['phase']} | {c['rps']:.1f} | {c['gunicorn_ms_per_request']} | "
        f"{c['postgres_ms_per_request']} | {c['gunicorn_s']} | {c['postgres_s']} | "
        f"{c['load_generator_s']} | {c['other_s']} | {c['machine_busy']:.0%} |"
        for c in report["cpu"]
    ]
    failures = report["journey"]["failures"]
    note = busy_machine_note(report)
    parts = [
        setup_line(report),
        "",
        f"## Each page alone ({load['page_seconds']:g} s each; the ceiling "
        f"{load['ceiling_seconds']:g} s)",
        "",
        "Every request is a different person's page, drawn afresh: wrk walks the session "
        "cookies of all the demo people round robin (bench/wrk.lua). The ceiling is the same "
        'gunicorn, settings and middleware serving `HttpResponse("hello")` (bench/hello.py). '
        f"Before any of it, {load['warm_up_seconds']:g} s of /healthz on each server, not "
        "measured, and the database's files read into memory (pg_prewarm): no measured page "
        "is visited before it is timed. Errors are every answer "
        "that is not 2xx (a redirect to the login page is one), connection errors and "
        "timeouts.",
        "",
        markdown_table(PAGE_COLUMNS, pages),
        "",
        "## The journey",
        "",
        journey_line(report)
        + " Each opens /today/, starts the guided session, opens each exercise's page and "
        "answers it (as htmx boosts them), finishes with the pain after, opens the logged "
        "session and /progress/, and answers the morning check of a session logged "
        "yesterday (bench/journey.py). Each answer is checked; req/s is each step's requests "
        "over the journey's time.",
        "",
        markdown_table(JOURNEY_COLUMNS, journey),
        "",
        *(["Failed:", "", *[f"- {message}" for message in failures], ""] if failures else []),
        "## Targets",
        "",
        *[f"- {line}" for line in target_lines(report)],
        "",
        *([f"**Warning:** {note}", ""] if note else []),
        "## SQL queries per request",
        "",
        f"Django's test Client in the bench's process before the load, not under load, as "
        f"{report['sql']['person']}: each page the most of {SQL_REPEATS} requests after one "
        "more, the journey's steps once each (the most over the exercises); the median time. "
        "Budgets are hipflex/query_budgets.py, which the test suite asserts.",
        "",
        "| request | SQL queries | budget | median ms | Python CPU ms |",
        "|---|---:|---:|---:|---:|",
        *sql_lines,
        "",
        "## Where the CPU went",
        "",
        "CPU seconds in each measured phase, from /proc: gunicorn's master and workers, the "
        "PostgreSQL backends of the bench's database, the load generator (wrk, or the "
        "journey's Python client), and the rest of the machine (Redis, and whatever else ran), "
        f"out of {report['machine']['cpus']} CPUs.",
        "",
        "| phase | req/s | gunicorn CPU ms/request | PostgreSQL CPU ms/request | gunicorn s "
        "| PostgreSQL s | load generator s | other s | machine busy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *cpu_lines,
    ]
    return "\n".join(parts)


def replace_between_marks(path: Path, section: str) -> None:
    text = path.read_text()
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start == -1 or end == -1:
        print(f"{path.name} has no {MARK_START} ... {MARK_END} block: left as it is.")
        return
    path.write_text(text[:start] + f"{MARK_START}\n{section}\n" + text[end:])


if __name__ == "__main__":
    sys.exit(main())
