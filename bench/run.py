"""`make bench`: Hipflex under load on this machine, beside a Django that only says hello.

1. (Re)creates the PostgreSQL database hipflex_bench, migrates it, fills it with seed_demo,
   flushes Redis db 2 (the cache and the sessions) and collects the static files.
2. Logs a session yesterday for each person the load signs in as who had none, and leaves
   yesterday's sessions of every demo person without a morning answer, so the morning
   check has something to answer whatever the hour of the run.
3. Counts the SQL queries of each page in this process (Django's test Client, one demo person).
4. Starts two gunicorns with the same settings (2 sync workers, DEBUG off, PostgreSQL, Redis):
   the app (hipflex.wsgi) and the hello app (bench.hello), and waits for /healthz.
5. Drives each with locust (bench/locustfile.py), the same number of people, no think time:
   the hello ceiling, then the app (log in, a realistic mix, then each page alone).
6. Prints the tables and the targets, writes bench/results.json and bench/RESULTS.md.
7. Stops every process it started, even on failure; drops the database only with --drop.

Traffic goes to 127.0.0.1 only, and every run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
WORKERS = 2
PAGES = ["/today/", "/plan/", "/progress/", "/sessions/", "/library/"]
# Targets: share of the hello ceiling's throughput, and p95 as a multiple of the ceiling's.
THROUGHPUT_PAGES = ["/today/", "/progress/"]
MIN_SHARE_OF_CEILING = 0.30
MAX_P95_TIMES_CEILING = 10
HEALTH_TIMEOUT_SECONDS = 60
SQL_REPEATS = 5
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
OTHER_WORK_WARNING = 0.15  # share of the CPUs used by other processes during a phase


def main() -> int:
    args = parse_args()
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))  # run as a script: the project's packages
    env = bench_env(args)
    # This process measures queries with the same settings as the servers.
    os.environ.update(env)
    # A SIGTERM (make interrupted, a CI timeout) unwinds through `finally` like Ctrl-C does.
    signal.signal(signal.SIGTERM, exit_on_signal)
    log_dir = Path(tempfile.mkdtemp(prefix="hipflex-bench-"))
    print(f"Logs: {log_dir}")
    processes = Processes()
    try:
        prepare_database(args, env, log_dir)
        wait_for_quiet(args.wait_for_quiet)  # before anything is timed
        queries = measure_queries(args)
        app_port, hello_port = args.port or free_port(), args.hello_port or free_port()
        app = processes.gunicorn("app", "hipflex.wsgi", app_port, env, log_dir)
        hello = processes.gunicorn("hello", "bench.hello", hello_port, env, log_dir)
        wait_for_health(app, processes)
        wait_for_health(hello, processes)
        step("Load: the hello ceiling")
        ceiling_run = run_locust("hello", hello, args, env, log_dir, processes)
        step("Load: the app (log in, mix, each page alone)")
        app_run = run_locust("app", app, args, env, log_dir, processes)
        report = build_report(args, queries, ceiling_run, app_run)
    finally:
        processes.stop_all()
        if args.drop:
            drop_database(args.database)
    write_report(report)
    return 0 if all(target["passed"] for target in report["targets"]) else 1


def exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed = parser.add_argument_group("demo data (seed_demo)")
    seed.add_argument("--users", type=int, default=200, help="Demo people (default 200).")
    seed.add_argument("--days", type=int, default=180, help="Days of history (default 180).")
    seed.add_argument("--seed", type=int, default=1, help="seed_demo's --seed (default 1).")
    seed.add_argument("--password", default="hipflex-demo-password", help="Demo password.")
    load = parser.add_argument_group("load (locust)")
    load.add_argument(
        "--concurrency", type=int, default=20, help="Simulated people at once (default 20)."
    )
    load.add_argument(
        "--mix-seconds", type=float, default=30, help="The mix and the ceiling (default 30)."
    )
    load.add_argument(
        "--page-seconds", type=float, default=20, help="Each page alone (default 20)."
    )
    load.add_argument("--login-timeout", type=float, default=180, help="Seconds (default 180).")
    server = parser.add_argument_group("servers")
    server.add_argument("--database", default="hipflex_bench", help="Dropped and created.")
    server.add_argument("--redis-db", type=int, default=2, help="Flushed (default 2).")
    server.add_argument("--port", type=int, default=0, help="The app's (default: a free one).")
    server.add_argument("--hello-port", type=int, default=0, help="The hello app's.")
    server.add_argument(
        "--reuse-db",
        action="store_true",
        help="Keep the database if it exists (seed_demo only adds missing people).",
    )
    server.add_argument("--drop", action="store_true", help="Drop the database at the end.")
    load.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="On a shared machine: wait up to this long for the load average to fall below "
        "the number of CPUs before timing anything (default 0: do not wait).",
    )
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database):
        parser.error("--database: lower-case letters, digits and underscores only.")
    if args.concurrency > args.users:
        parser.error("--concurrency: each simulated person needs their own demo person.")
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
            # Plain HTTP on the loopback: no redirect to HTTPS, cookies without Secure.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # Each simulated person sends their own X-Forwarded-For, as behind one proxy, so
            # allauth's login limit (30 a minute per address) counts people, not the bench.
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


# --- Database ----------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, env: dict[str, str], log_dir: Path) -> None:
    import psycopg
    import redis
    from psycopg import sql

    step(f"Database {args.database}")
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
        ).fetchone()
        if not (exists and args.reuse_db):
            name = sql.Identifier(args.database)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    manage(["migrate", "--no-input", "-v", "0"], env, log_dir)
    started = time.perf_counter()
    manage(
        ["seed_demo", "--users", str(args.users), "--days", str(args.days)]
        + ["--seed", str(args.seed), "--password", args.password],
        env,
        log_dir,
    )
    print(f"Seeded in {time.perf_counter() - started:.1f} s")
    manage(["collectstatic", "--no-input", "-v", "0"], env, log_dir)


def manage(command: list[str], env: dict[str, str], log_dir: Path) -> None:
    shown = " ".join(command)
    if "--password" in command:
        shown = shown.replace(command[command.index("--password") + 1], "…")
    print("manage.py", shown, flush=True)
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


# --- SQL queries per page, in this process -------------------------------------------------


def demo_username(seed: int, number: int) -> str:
    return f"demo-{seed}-{number}"


def measure_queries(args: argparse.Namespace) -> dict[str, Any]:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "hipflex.settings"
    django.setup()
    from django.contrib.auth.models import User
    from django.db import connections
    from django.test.utils import setup_test_environment

    step("SQL queries per request (test Client, not under load)")
    setup_test_environment()  # lets the test Client's host in, as with DEBUG off it must be
    try:
        logged = log_yesterday_for_the_load(args.seed, args.concurrency)
        print(f"Logged yesterday's session for {logged} of the load's {args.concurrency} people")
        waiting = leave_mornings_unanswered(args.seed)
        print(f"{waiting} sessions of yesterday now wait for their morning check")
        # The first demo person the load does not use, with a morning check waiting if any.
        candidates = [
            demo_username(args.seed, n) for n in range(args.concurrency + 1, args.users + 1)
        ]
        candidates = candidates or [demo_username(args.seed, args.users)]
        person = pending_morning_person(candidates) or User.objects.get(username=candidates[0])
        result = count_queries(person, args.password)
    finally:
        connections.close_all()
    for label, figures in result["requests"].items():
        print(
            f"  {label:30} {figures['queries']:3} queries {figures['median_ms']:7.1f} ms "
            f"({figures['python_cpu_ms']:.1f} ms Python CPU)"
        )
    return result


def leave_mornings_unanswered(seed: int) -> int:
    """Yesterday's sessions (in each person's own time zone) without a morning answer."""
    from routines.models import Profile
    from tracking.models import SessionLog

    cleared = 0
    profiles = Profile.objects.filter(user__username__startswith=f"demo-{seed}-")
    for profile in profiles.only("user_id", "time_zone"):
        yesterday = profile.local_today() - timedelta(days=1)
        cleared += SessionLog.objects.filter(user_id=profile.user_id, date=yesterday).update(
            morning_pain=None, morning_answered_at=None
        )
    return cleared


def log_yesterday_for_the_load(seed: int, people: int) -> int:
    """Each person the load signs in as trained yesterday, so each has a morning check to answer:
    the mix's figures for the check rest on one answer per person, not on the few who happened
    to train yesterday in the demo data."""
    from routines.models import Profile
    from tracking.models import SessionLog
    from tracking.services import session_log_manual

    logged = 0
    usernames = [demo_username(seed, number) for number in range(1, people + 1)]
    for profile in Profile.objects.filter(user__username__in=usernames).select_related("user"):
        yesterday = profile.local_today() - timedelta(days=1)
        if SessionLog.objects.filter(user_id=profile.user_id, date=yesterday).exists():
            continue
        pain = profile.usual_pain or 3
        session_log_manual(
            user=profile.user,
            day=yesterday,
            kind="mobility",
            pain_before=pain,
            pain_after=max(0, pain - 1),
            effort=5,
            note="",
        )
        logged += 1
    return logged


def pending_morning_person(usernames: list[str]) -> Any:
    from django.contrib.auth.models import User

    from routines.models import Profile
    from tracking.models import SessionLog

    for username in usernames[:50]:
        user = User.objects.get(username=username)
        yesterday = Profile.objects.get(user=user).local_today() - timedelta(days=1)
        if SessionLog.objects.filter(user=user, date=yesterday, morning_pain=None).exists():
            return user
    return None


def count_queries(person: Any, password: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from routines.models import Profile
    from tracking.models import SessionLog

    measured: dict[str, dict[str, Any]] = {}

    def measure(label: str, send: Any, repeats: int = SQL_REPEATS, warm: bool = True) -> Any:
        expected = HTTPStatus.OK if label.startswith("GET") else HTTPStatus.FOUND
        if warm:
            send()  # caches, sessions and lazy imports as they are under load
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
        measured[label] = {
            "status": response.status_code,
            "queries": max(counts),
            "queries_each_time": counts,
            "median_ms": round(statistics.median(times), 1),
            # Python's own CPU (Django, templates, psycopg), without waiting for PostgreSQL.
            "python_cpu_ms": round(statistics.median(cpu_times), 1),
            "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            "repeated": repeated_queries(captured.captured_queries),
            "statements": [masked(query["sql"])[:200] for query in captured.captured_queries],
        }
        return response

    client = Client()
    client.get("/accounts/login/")
    credentials = {"login": person.email, "password": password}
    measure(
        "POST /accounts/login/",
        lambda: client.post("/accounts/login/", credentials),
        repeats=1,
        warm=False,
    )
    for page in [*PAGES, "/sessions/new/"]:
        measure(f"GET {page}", lambda page=page: client.get(page))
    today = Profile.objects.get(user=person).local_today()
    session = {
        "date": today.isoformat(),
        "kind": "mobility",
        "pain_before": 4,
        "pain_after": 3,
        "effort": 5,
        "note": "",
    }
    measure("POST /sessions/new/", lambda: client.post("/sessions/new/", session))
    waiting = SessionLog.objects.filter(
        user=person, date=today - timedelta(days=1), morning_pain=None
    ).first()
    if waiting:
        path = f"/sessions/{waiting.pk}/morning/"
        answer = {"morning_pain": 3, "next": "/today/"}
        measure(
            "POST /sessions/<id>/morning/",
            lambda: client.post(path, answer),
            repeats=1,
            warm=False,
        )
    # One Client for all its requests: each new one builds the middleware again, and
    # WhiteNoise's then rescans the static files (tens of milliseconds).
    anonymous = Client()
    with override_settings(ROOT_URLCONF="bench.hello_urls"):
        measure("GET / (hello)", lambda: anonymous.get("/"))
    return {"person": person.username, "morning_check_waiting": bool(waiting), "requests": measured}


def repeated_queries(captured: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Statements run more than once in one request, literals masked: where N+1s show."""
    shapes = Counter(re.sub(r"\b\d+\b", "?", masked(query["sql"])) for query in captured)
    return [
        {"times": times, "sql": shape[:300]} for shape, times in shapes.most_common(5) if times > 1
    ]


def masked(statement: str) -> str:
    """A statement with its quoted values (session keys, dates, names) left out."""
    return re.sub(r"'[^']*'", "'?'", statement)


# --- Processes -----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path


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
        # The same command for both servers: only the WSGI module and the port differ.
        command = [sys.executable, "-m", "gunicorn", module]
        command += ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
        # Two masters at once, and maybe someone else's: no shared ~/.gunicorn/gunicorn.ctl.
        command += ["--no-control-socket"]
        log = log_dir / f"gunicorn-{name}.log"
        process = self.start(command, env, log)
        print(f"gunicorn {name}: {module} on 127.0.0.1:{port} (pid {process.pid})")
        return Server(name, f"http://127.0.0.1:{port}", process, log)

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
        for process in reversed(self.started):
            self.stop(process)
        for out in self.logs:
            out.close()
        if self.started:
            print("Stopped every process the bench started.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(server: Server, processes: Processes) -> None:
    # Straight to the loopback, whatever proxy the environment names.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            print(server.log.read_text()[-3000:], file=sys.stderr)
            raise SystemExit(f"gunicorn {server.name} stopped: see {server.log}")
        try:
            with opener.open(f"{server.url}/healthz", timeout=2) as response:
                if response.status == HTTPStatus.OK:
                    print(f"{server.url}/healthz: ok")
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"{server.url}/healthz did not answer in {HEALTH_TIMEOUT_SECONDS} s")


def wait_for_quiet(limit: float) -> None:
    cpus = os.cpu_count() or 1
    deadline = time.monotonic() + limit
    if os.getloadavg()[0] >= cpus and limit > 0:
        print(f"Waiting up to {limit:g} s for the load average to fall below {cpus}", flush=True)
    while os.getloadavg()[0] >= cpus and time.monotonic() < deadline:
        time.sleep(5)


def run_locust(
    scenario: str,
    server: Server,
    args: argparse.Namespace,
    env: dict[str, str],
    log_dir: Path,
    processes: Processes,
) -> dict[str, Any]:
    output = log_dir / f"locust-{scenario}.json"
    budget = args.mix_seconds + len(PAGES) * args.page_seconds + 30
    if scenario == "app":
        budget += args.login_timeout
    command = [sys.executable, "-m", "locust", "-f", str(BENCH_DIR / "locustfile.py")]
    command += ["--headless", "--only-summary", "--loglevel", "WARNING", "--host", server.url]
    command += ["--bench-time-limit", str(budget), "--stop-timeout", "10"]
    command += ["--exit-code-on-error", "0"]
    command += ["--bench-scenario", scenario, "--bench-users", str(args.concurrency)]
    command += ["--bench-seed", str(args.seed), "--bench-password", args.password]
    command += ["--bench-mix-seconds", str(args.mix_seconds)]
    command += ["--bench-page-seconds", str(args.page_seconds)]
    command += ["--bench-login-timeout", str(args.login_timeout), "--bench-output", str(output)]
    command += ["--bench-server-pid", str(server.process.pid), "--bench-database", args.database]
    log = log_dir / f"locust-{scenario}.log"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = processes.start(command, env, log)
    try:
        returncode = process.wait(timeout=budget + 60)
    except subprocess.TimeoutExpired:
        processes.stop(process)
        raise SystemExit(f"locust ({scenario}) ran past its time limit: see {log}") from None
    elapsed = time.perf_counter() - started
    if returncode != 0 or not output.exists():
        print(log.read_text()[-3000:], file=sys.stderr)
        raise SystemExit(f"locust ({scenario}) failed ({returncode}): see {log}")
    run = json.loads(output.read_text())
    if not run["complete"]:
        raise SystemExit(f"locust ({scenario}) stopped before its last phase: see {log}")
    run["run"] = {
        "seconds": round(elapsed, 1),
        # Other work on the machine (tests, browsers) takes CPU from the server too.
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    for phase in run["phases"]:
        total, cpu = phase["total"], phase["cpu"]
        print(
            f"  {phase['phase']:18} {total['requests']:7} requests {total['rps']:8.1f}/s "
            f"p95 {total['p95_ms']} ms, {total['failures']} failed; CPU ms/request: gunicorn "
            f"{cpu.get('server_cpu_ms_per_request', '-')}, PostgreSQL "
            f"{cpu.get('database_cpu_ms_per_request', '-')}; machine "
            f"{cpu['machine_busy_share']:.0%} busy"
        )
    return run


# --- Report ----------------------------------------------------------------------------------


def phase_named(run: dict[str, Any], name: str) -> dict[str, Any]:
    return next(phase for phase in run["phases"] if phase["phase"] == name)


def build_report(
    args: argparse.Namespace,
    queries: dict[str, Any],
    ceiling_run: dict[str, Any],
    app_run: dict[str, Any],
) -> dict[str, Any]:
    import django

    sql = queries["requests"]
    ceiling_phase = phase_named(ceiling_run, "ceiling")
    ceiling = ceiling_phase["total"] | {
        "page": "hello (ceiling)",
        "sql_queries": sql["GET / (hello)"]["queries"],
        "share_of_ceiling": 1.0,
    }

    def row(label: str, method: str, figures: dict[str, Any], alone: bool) -> dict[str, Any]:
        key = f"{method} {label}"
        # In the mix a page's share of the ceiling says more about its weight than its speed.
        share = round(figures["rps"] / ceiling["rps"], 3) if alone else None
        return figures | {
            "page": key,
            "sql_queries": sql[key]["queries"] if key in sql else None,
            "share_of_ceiling": share,
        }

    alone = []
    for page in PAGES:
        phase = phase_named(app_run, f"solo {page}")
        figures = next((r for r in phase["rows"] if r["path"] == page), phase["total"])
        alone.append(row(page, "GET", figures, alone=True))
    mix_phase = phase_named(app_run, "mix")
    mix = [
        row(r["path"], r["method"], r, alone=False)
        for r in sorted(mix_phase["rows"], key=mix_order)
    ]
    mix_total = mix_phase["total"] | {
        "page": "all requests (mix)",
        "sql_queries": None,
        "share_of_ceiling": round(mix_phase["total"]["rps"] / ceiling["rps"], 3),
    }
    login_phase = phase_named(app_run, "login")
    login = [row(r["path"], r["method"], r, alone=False) for r in login_phase["rows"]]

    failures = sum(
        phase["total"]["failures"] for run in (ceiling_run, app_run) for phase in run["phases"]
    )
    errors = [
        error for run in (ceiling_run, app_run) for p in run["phases"] for error in p["errors"]
    ]
    targets = [
        {
            "target": "no errors",
            "passed": failures == 0
            and login_phase["login_failed"] == 0
            and not login_phase["login_timed_out"],
            "detail": f"{failures} failed requests, {login_phase['logged_in']} of "
            f"{args.concurrency} people logged in",
        }
    ]
    for page in THROUGHPUT_PAGES:
        figures = next(r for r in alone if r["page"] == f"GET {page}")
        targets.append(
            {
                "target": f"{page} alone at least {MIN_SHARE_OF_CEILING:.0%} of the ceiling's "
                "throughput",
                "passed": figures["share_of_ceiling"] >= MIN_SHARE_OF_CEILING,
                "detail": f"{figures['rps']:.1f} req/s = {figures['share_of_ceiling']:.1%} of "
                f"{ceiling['rps']:.1f}",
            }
        )
    limit = MAX_P95_TIMES_CEILING * ceiling["p95_ms"]
    slow = [("alone", r) for r in alone if r["p95_ms"] >= limit]
    slow += [("mix", r) for r in mix if r["p95_ms"] >= limit]
    targets.append(
        {
            "target": f"every page's p95 under {MAX_P95_TIMES_CEILING}x the ceiling's ({limit} ms)",
            "passed": not slow,
            "detail": ", ".join(f"{r['page']} ({run}) {r['p95_ms']} ms" for run, r in slow)
            or "all under",
        }
    )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "note": "load generator, gunicorn, PostgreSQL and Redis share these CPUs",
        },
        "seed": {"users": args.users, "days": args.days, "seed": args.seed},
        "server": {
            "gunicorn": f"{version('gunicorn')}, {WORKERS} sync workers",
            "django": django.get_version(),
            "database": f"PostgreSQL {args.database} at 127.0.0.1:5432",
            "cache": f"Redis db {args.redis_db}",
            "debug": False,
        },
        "locust": {
            "version": version("locust"),  # not imported: it would monkey-patch this process
            "concurrency": args.concurrency,
            "wait_time_seconds": 0,
            "mix_seconds": args.mix_seconds,
            "page_seconds": args.page_seconds,
            "ceiling_seconds": args.mix_seconds,
            "mix_weights": mix_phase["weights"],
            "morning_checks_none_pending": mix_phase["morning_checks_none_pending"],
        },
        "ceiling": ceiling,
        "each_page_alone": alone,
        "mix": mix + [mix_total],
        "login": login,
        "login_seconds": login_phase["seconds"],
        "sql": queries,
        "runs": {"ceiling": ceiling_run["run"], "app": app_run["run"]},
        "cpu": [
            {"phase": phase["phase"], "rps": phase["total"]["rps"]}
            | phase["cpu"]
            | {"other_share": other_share(phase)}
            for run in (ceiling_run, app_run)
            for phase in run["phases"]
        ],
        "errors": errors,
        "targets": targets,
    }


def other_share(phase: dict[str, Any]) -> float:
    """The share of the machine's CPU that went to neither the bench nor its servers."""
    capacity = phase["seconds"] * (os.cpu_count() or 1)
    return round(phase["cpu"]["other_cpu_seconds"] / capacity, 3) if capacity else 0.0


def busy_machine_note(report: dict[str, Any]) -> str:
    busiest = max(report["cpu"], key=lambda phase: phase["other_share"])
    if busiest["other_share"] < OTHER_WORK_WARNING:
        return ""
    return (
        f"Other work on this machine took {busiest['other_share']:.0%} of its CPU during "
        f"{busiest['phase']}: these figures are lower than this machine can do."
    )


def mix_order(row: dict[str, Any]) -> tuple[int, str]:
    order = [*PAGES, "/sessions/new/", "/sessions/<id>/morning/"]
    return (order.index(row["path"]) if row["path"] in order else len(order), row["method"])


COLUMNS = [
    "page",
    "requests",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "SQL queries",
    "% of ceiling throughput",
]


def table_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            r["page"],
            str(r["requests"]),
            f"{r['rps']:.1f}",
            str(r["p50_ms"]),
            str(r["p95_ms"]),
            str(r["p99_ms"]),
            str(r["failures"]),
            "" if r["sql_queries"] is None else str(r["sql_queries"]),
            "" if r["share_of_ceiling"] is None else f"{r['share_of_ceiling']:.1%}",
        ]
        for r in rows
    ]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
        for line in [COLUMNS, *rows]
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(["---"] + ["---:"] * 8) + "|"]
    lines += ["| " + " | ".join(line) + " |" for line in rows]
    return "\n".join(lines)


def target_lines(report: dict[str, Any]) -> list[str]:
    return [
        f"{'PASS' if t['passed'] else 'FAIL'}  {t['target']}: {t['detail']}"
        for t in report["targets"]
    ]


def write_report(report: dict[str, Any]) -> None:
    alone = table_rows([*report["each_page_alone"], report["ceiling"]])
    mix = table_rows(report["mix"])
    login = table_rows(report["login"])
    skipped = report["locust"]["morning_checks_none_pending"]
    step("Each page alone (same people at once as the ceiling)")
    print(text_table(alone))
    step("Realistic mix")
    print(text_table(mix))
    print(
        f"Morning-check turns that sent nothing (no check waiting, or before that person "
        f"opens the app): {skipped}"
    )
    step("Targets")
    print("\n".join(target_lines(report)))
    if note := busy_machine_note(report):
        print(f"\nWarning: {note}")
    (BENCH_DIR / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (BENCH_DIR / "RESULTS.md").write_text(markdown_report(report, alone, mix, login))
    write_readme(readme_section(report, alone, mix))
    print(f"\nWrote {BENCH_DIR / 'results.json'}, {BENCH_DIR / 'RESULTS.md'} and README.md")


def query_budget(label: str) -> str:
    from hipflex.query_budgets import QUERY_BUDGETS

    budget = QUERY_BUDGETS.get(label)
    return "" if budget is None else str(budget)


def readme_section(report: dict[str, Any], alone: list[list[str]], mix: list[list[str]]) -> str:
    """The tables for README's performance section."""
    return "\n".join(
        [
            README_START,
            f"Measured {report['date']} by `make bench` ({report['machine']['cpus']} CPUs, "
            f"`seed_demo --users {report['seed']['users']} --days {report['seed']['days']}`, "
            f"{report['locust']['concurrency']} people at once, no think time).",
            "",
            "Each page alone:",
            "",
            markdown_table(alone),
            "",
            "Realistic mix:",
            "",
            markdown_table(mix),
            "",
            *[f"- {line}" for line in target_lines(report)],
            README_END,
        ]
    )


def write_readme(section: str) -> None:
    readme = BASE_DIR / "README.md"
    text = readme.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start == -1 or end == -1:
        print(f"README.md has no {README_START} ... {README_END} block: left as it is.")
        return
    readme.write_text(text[:start] + section + text[end + len(README_END) :])


def markdown_report(
    report: dict[str, Any], alone: list[list[str]], mix: list[list[str]], login: list[list[str]]
) -> str:
    seed, load, server = report["seed"], report["locust"], report["server"]
    cpu = report["cpu"]
    weights = ", ".join(f"{name} {weight}" for name, weight in load["mix_weights"].items())
    sql_lines = [
        f"| {label} | {figures['queries']} | {query_budget(label)} | {figures['median_ms']} | "
        f"{figures['python_cpu_ms']} |"
        for label, figures in report["sql"]["requests"].items()
    ]
    parts = [
        "# Hipflex benchmark results",
        "",
        f"Measured {report['date']} by `make bench` (bench/run.py) on {report['machine']['cpus']} "
        f"CPUs shared by the load generator, gunicorn, PostgreSQL and Redis. Demo data: "
        f"`seed_demo --users {seed['users']} --days {seed['days']} --seed {seed['seed']}`. "
        f"Server: gunicorn {server['gunicorn']}, Django {server['django']}, DEBUG off, "
        f"{server['database']}, {server['cache']} for cache and sessions. Load: locust "
        f"{load['version']}, {load['concurrency']} people at once, each logged in as their own "
        "demo person, no think time. The ceiling is the same gunicorn and middleware serving a "
        '`HttpResponse("hello")` (bench/hello.py).',
        "",
        f"## Each page alone ({load['page_seconds']:g} s each; "
        f"ceiling {load['ceiling_seconds']:g} s)",
        "",
        markdown_table(alone),
        "",
        f"## Realistic mix ({load['mix_seconds']:g} s)",
        "",
        f"Weights: {weights}. Logging a session is the form (GET) then the post; a morning check "
        f"is answered when the last page showed one, once the person has opened the app at their "
        f"own moment of the mix's first 80% ({load['morning_checks_none_pending']} turns sent "
        "nothing: no check waiting, or too early).",
        "",
        markdown_table(mix),
        "",
        f"Logging in ({report['login_seconds']:g} s for everyone, before the mix):",
        "",
        markdown_table(login),
        "",
        "## Targets",
        "",
        *[f"- {line}" for line in target_lines(report)],
        "",
        *([f"**Warning:** {note}", ""] if (note := busy_machine_note(report)) else []),
        "## SQL queries per request",
        "",
        f"Django's test Client in one process, not under load, as {report['sql']['person']}; "
        f"the most of {SQL_REPEATS} requests after a warm-up, and the median time; budgets are "
        "hipflex/query_budgets.py, which the test suite asserts.",
        "",
        "| request | SQL queries | budget | median ms | Python CPU ms |",
        "|---|---:|---:|---:|---:|",
        *sql_lines,
        "",
        "## Where the CPU went",
        "",
        "CPU seconds per phase: gunicorn's master and workers, the PostgreSQL backends of "
        f"{report['server']['database'].split()[1]}, locust, and the rest of the machine "
        "(Redis, and whatever else ran), out of "
        f"{report['machine']['cpus']} CPUs. Load average (1 min): "
        + "; ".join(
            f"{name} run {run['load_average_before']} before, {run['load_average_after']} after"
            for name, run in report["runs"].items()
        )
        + ".",
        "",
        "| phase | req/s | gunicorn CPU ms/request | PostgreSQL CPU ms/request | gunicorn s "
        "| PostgreSQL s | locust s | other s | machine busy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {c['phase']} | {c['rps']:.1f} | {c.get('server_cpu_ms_per_request', '')} | "
            f"{c.get('database_cpu_ms_per_request', '')} | {c['server_cpu_seconds']} | "
            f"{c['database_cpu_seconds']} | {c['locust_cpu_seconds']} | "
            f"{c['other_cpu_seconds']} | {c['machine_busy_share']:.0%} |"
            for c in cpu
        ],
        "",
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
