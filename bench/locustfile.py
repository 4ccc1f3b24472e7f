"""The load that `make bench` puts on Hipflex: started by bench/run.py, one locust per server.

Scenario "app": every simulated person logs in once, as their own seeded demo person, then the
run goes through phases with the same people and no think time:
- "mix": a realistic mix of pages and writes (MIX below), for the latency a person would feel;
- "solo <page>": one page alone, so its throughput compares with the hello ceiling's.
Scenario "hello": the same number of people ask the hello app for "hello", after a short
warm-up.

The phases live in this one process (LocalRunner): the load shape moves from one to the next,
resets locust's statistics at the start of each and keeps a snapshot at its end. Requests are
named "<phase>: <path>", so a request still in flight when a phase ends is not counted in the
next. Everything ends by itself once the last phase has run, or at --bench-time-limit.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import gevent
import psutil
from locust import FastHttpUser, LoadTestShape, constant, events, task
from locust.env import Environment
from locust.runners import Runner
from locust.stats import StatsEntry

# Weights of the realistic mix: what a person does on a visit, in tens of percent.
MIX = {
    "today": 30,
    "plan": 15,
    "progress": 15,
    "sessions": 10,
    "library": 15,
    "log_session": 5,
    "morning_check": 10,
}
PAGES = {
    "today": "/today/",
    "plan": "/plan/",
    "progress": "/progress/",
    "sessions": "/sessions/",
    "library": "/library/",
}
HELLO_WARM_UP_SECONDS = 3.0
# Unrecorded, before the mix: each person's pages drawn once, as a returning visitor's are,
# so the mix measures people using the app, not 20 first visits at the same instant.
APP_WARM_UP_SECONDS = 5.0
APP_WARM_UP = dict.fromkeys(PAGES, 1)
IDLE_SECONDS = 0.2
# Morning checks are answered across the first 80% of the mix (see Person.opens_at).
MORNING_SPREAD = 0.8

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MORNING_FORM = re.compile(r'action="/sessions/(\d+)/morning/"')
DATE_INPUT = re.compile(r'<input[^>]*name="date"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


@events.init_command_line_parser.add_listener
def add_bench_options(parser: Any) -> None:
    parser.add_argument("--bench-scenario", choices=["app", "hello"], default="app")
    parser.add_argument("--bench-users", type=int, default=20, help="Simulated people.")
    parser.add_argument("--bench-seed", type=int, default=1, help="seed_demo's --seed.")
    parser.add_argument("--bench-password", default="hipflex-demo-password")
    parser.add_argument("--bench-mix-seconds", type=float, default=30.0)
    parser.add_argument("--bench-page-seconds", type=float, default=20.0)
    parser.add_argument("--bench-login-timeout", type=float, default=180.0)
    parser.add_argument("--bench-output", default="", help="Where the phases' JSON goes.")
    # --run-time does not apply to a load shape: this bounds the whole run instead.
    parser.add_argument("--bench-time-limit", type=float, default=600.0)
    # Where the CPU went in each phase: the server's processes and its database's backends.
    parser.add_argument("--bench-server-pid", type=int, default=0, help="gunicorn's master.")
    parser.add_argument("--bench-database", default="", help="PostgreSQL database name.")


@dataclass
class Phase:
    name: str
    seconds: float  # 0: the login phase, over once everyone has logged in
    weights: dict[str, int]
    recorded: bool = True


@dataclass
class Schedule:
    people: int
    phases: list[Phase]
    login_timeout: float
    time_limit: float
    output: str
    cpu: CpuMeter
    index: int = -1
    started_at: float = 0.0
    logged_in: int = 0
    login_failed: int = 0
    # Morning-check turns that found nothing to answer, per phase: not requests, counted apart.
    mornings_none_pending: dict[str, int] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    cpu_at_start: dict[str, float] = field(default_factory=dict)

    def share_of_phase_passed(self) -> float:
        phase = self.current
        if phase is None or not phase.seconds:
            return 1.0
        return (time.perf_counter() - self.started_at) / phase.seconds

    @property
    def current(self) -> Phase | None:
        if 0 <= self.index < len(self.phases):
            return self.phases[self.index]
        return None

    def start_next(self, runner: Runner) -> None:
        self.index += 1
        runner.stats.reset_all()
        self.started_at = time.perf_counter()
        self.cpu_at_start = self.cpu.sample()

    def phase_over(self, phase: Phase) -> bool:
        elapsed = time.perf_counter() - self.started_at
        if phase.seconds == 0:
            everyone = self.logged_in + self.login_failed >= self.people
            return everyone or elapsed >= self.login_timeout
        return elapsed >= phase.seconds

    def finish(self, phase: Phase, runner: Runner) -> None:
        elapsed = time.perf_counter() - self.started_at
        if phase.recorded:
            result = phase_snapshot(phase, runner, elapsed)
            result["cpu"] = self.cpu.spent(self.cpu_at_start, elapsed, result["total"]["requests"])
            result["morning_checks_none_pending"] = self.mornings_none_pending.get(phase.name, 0)
            if phase.seconds == 0:
                result["logged_in"] = self.logged_in
                result["login_failed"] = self.login_failed
                result["login_timed_out"] = self.logged_in + self.login_failed < self.people
            self.results.append(result)

    def write(self, complete: bool) -> None:
        if self.written or not self.output:
            return
        self.written = True
        report = {"complete": complete, "people": self.people, "phases": self.results}
        Path(self.output).write_text(json.dumps(report, indent=2) + "\n")


class CpuMeter:
    """CPU seconds used by the server (master and workers), its database backends, this
    load generator and the whole machine, so a phase's figures say who was busy."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server = psutil.Process(server_pid) if server_pid else None
        self.database = database
        self.me = psutil.Process()

    def sample(self) -> dict[str, float]:
        machine = psutil.cpu_times()
        return {
            "server": self._server(),
            "database": self._database(),
            "locust": busy(self.me.cpu_times()),
            "machine": machine.user + machine.system + machine.nice + machine.irq + machine.softirq,
        }

    def spent(self, before: dict[str, float], elapsed: float, requests: int) -> dict[str, Any]:
        after = self.sample()
        used = {name: after[name] - before.get(name, after[name]) for name in after}
        capacity = elapsed * (psutil.cpu_count() or 1)
        figures: dict[str, Any] = {
            f"{name}_cpu_seconds": round(seconds, 2) for name, seconds in used.items()
        }
        figures["machine_busy_share"] = round(used["machine"] / capacity, 3) if capacity else 0
        other = used["machine"] - used["server"] - used["database"] - used["locust"]
        figures["other_cpu_seconds"] = round(max(other, 0.0), 2)  # other people's work, Redis
        if requests:
            for name in ("server", "database"):
                figures[f"{name}_cpu_ms_per_request"] = round(used[name] / requests * 1000, 1)
        return figures

    def _server(self) -> float:
        if self.server is None:
            return 0.0
        try:
            processes = [self.server, *self.server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        return sum(cpu_of(process) for process in processes)

    def _database(self) -> float:
        # Backends serving this database: "postgres: 15/main: postgres hipflex_bench ...".
        if not self.database:
            return 0.0
        total = 0.0
        for process in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and f" {self.database} " in cmdline:
                total += cpu_of(process)
        return total


def busy(times: Any) -> float:
    return times.user + times.system


def cpu_of(process: psutil.Process) -> float:
    try:
        return busy(process.cpu_times())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


def phase_snapshot(phase: Phase, runner: Runner, elapsed: float) -> dict[str, Any]:
    prefix = f"{phase.name}: "
    stats = runner.stats
    total = StatsEntry(stats, "total", "")
    rows = []
    for (name, method), entry in stats.entries.items():
        if not name.startswith(prefix) or entry.num_requests == 0:
            continue
        total.extend(entry)
        rows.append(entry_figures(entry, elapsed) | {"path": name[len(prefix) :], "method": method})
    errors = [
        {
            "path": error.name.removeprefix(prefix),
            "method": error.method,
            "error": str(error.error),
            "occurrences": error.occurrences,
        }
        for error in stats.errors.values()
        if error.name.startswith(prefix)
    ]
    return {
        "phase": phase.name,
        "seconds": round(elapsed, 2),
        "weights": phase.weights,
        "rows": rows,
        "total": entry_figures(total, elapsed),
        "errors": errors,
    }


def entry_figures(entry: StatsEntry, elapsed: float) -> dict[str, Any]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.num_requests / elapsed, 2) if elapsed else 0.0,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
        "avg_ms": round(entry.avg_response_time, 1),
        "max_ms": round(entry.max_response_time or 0, 1),
    }


def phases_for(scenario: str, mix_seconds: float, page_seconds: float) -> list[Phase]:
    if scenario == "hello":
        return [
            Phase("warm-up", HELLO_WARM_UP_SECONDS, {"hello": 1}, recorded=False),
            Phase("ceiling", mix_seconds, {"hello": 1}),
        ]
    solo = [Phase(f"solo {PAGES[page]}", page_seconds, {page: 1}) for page in PAGES]
    return [
        Phase("login", 0, {}),
        Phase("warm-up", APP_WARM_UP_SECONDS, APP_WARM_UP, recorded=False),
        Phase("mix", mix_seconds, MIX),
        *solo,
    ]


schedule: Schedule | None = None
numbers = itertools.count(1)


@events.init.add_listener
def plan_phases(environment: Environment, **kwargs: Any) -> None:
    global schedule
    options = environment.parsed_options
    if options is None:
        return
    schedule = Schedule(
        people=options.bench_users,
        phases=phases_for(
            options.bench_scenario, options.bench_mix_seconds, options.bench_page_seconds
        ),
        login_timeout=options.bench_login_timeout,
        time_limit=options.bench_time_limit,
        output=options.bench_output,
        cpu=CpuMeter(options.bench_server_pid, options.bench_database),
    )


@events.quitting.add_listener
def write_unfinished(environment: Environment, **kwargs: Any) -> None:
    # Reached only when something stopped locust early (--run-time, a signal): say so.
    if schedule is not None:
        schedule.write(complete=False)


class BenchShape(LoadTestShape):
    def tick(self) -> tuple[int, float] | None:
        assert schedule is not None and self.runner is not None
        if self.get_run_time() > schedule.time_limit:
            schedule.write(complete=False)
            return None
        phase = schedule.current
        if phase is None:
            schedule.start_next(self.runner)
        elif schedule.phase_over(phase):
            schedule.finish(phase, self.runner)
            schedule.start_next(self.runner)
        if schedule.current is None:
            schedule.write(complete=True)
            return None
        return schedule.people, float(schedule.people)


class Person(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        assert schedule is not None
        options = self.environment.parsed_options
        self.number = next(numbers)
        # Each person comes from their own loopback address (the server trusts one proxy
        # hop), so allauth's per-address login limit sees people, not the one load generator.
        self.headers = {"X-Forwarded-For": f"127.1.{self.number // 250}.{self.number % 250 + 1}"}
        # (log id, CSRF token, page) of a morning check waiting on the last page seen.
        self.morning: tuple[str, str, str] | None = None
        # People open the app at different moments of a morning, not all in the same second:
        # each answers the morning check no sooner than this share of the phase has passed.
        self.opens_at = random.uniform(0.0, MORNING_SPREAD)
        self.logged_in = options.bench_scenario == "hello" or self.log_in(
            f"demo-{options.bench_seed}-{self.number}@example.com", options.bench_password
        )
        if self.logged_in:
            schedule.logged_in += 1
        else:
            schedule.login_failed += 1

    @task
    def act(self) -> None:
        assert schedule is not None
        phase = schedule.current
        if phase is None or not phase.weights or not self.logged_in:
            gevent.sleep(IDLE_SECONDS)
            return
        choice = random.choices(list(phase.weights), weights=list(phase.weights.values()))[0]
        ACTIONS[choice](self, phase.name)

    def log_in(self, email: str, password: str) -> bool:
        name = "login: /accounts/login/"
        token = self.form_token("/accounts/login/", name)
        if token is None:
            return False
        data = {"login": email, "password": password, "csrfmiddlewaretoken": token}
        return self.post_expecting_redirect("/accounts/login/", name, data, to="/today/")

    def page(self, phase: str, path: str) -> None:
        with self.client.get(
            path,
            name=f"{phase}: {path}",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != HTTPStatus.OK:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
                return
            self.notice_morning_check(response.text or "", path)

    def hello(self, phase: str) -> None:
        with self.client.get(
            "/", name=f"{phase}: /", headers=self.headers, catch_response=True
        ) as response:
            if response.status_code != HTTPStatus.OK or response.text != "hello":
                response.failure(f"{response.status_code} {response.text[:80]!r}")

    def log_session(self, phase: str) -> None:
        path = "/sessions/new/"
        with self.client.get(
            path,
            name=f"{phase}: {path}",
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            html = response.text or ""
            token = CSRF_TOKEN.search(html)
            date_input = DATE_INPUT.search(html)
            date_value = VALUE.search(date_input.group(0)) if date_input else None
            if response.status_code != HTTPStatus.OK or not (token and date_value):
                response.failure(f"{response.status_code}: no form to log a session")
                return
            self.notice_morning_check(html, path)
        pain_before = random.randint(2, 7)
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "date": date_value.group(1),  # the person's own today, as the form offers it
            "kind": "mobility",
            "pain_before": pain_before,
            "pain_after": max(0, pain_before - random.randint(0, 2)),
            "effort": random.randint(1, 10),
            "note": "",
        }
        self.post_expecting_redirect(path, f"{phase}: {path}", data, to="/sessions/")

    def morning_check(self, phase: str) -> None:
        assert schedule is not None
        if self.morning is None or schedule.share_of_phase_passed() < self.opens_at:
            counts = schedule.mornings_none_pending
            counts[phase] = counts.get(phase, 0) + 1
            return
        log_id, token, seen_on = self.morning
        self.morning = None
        # As the banner's buttons send it: the answer, and the page to come back to.
        data = {"csrfmiddlewaretoken": token, "morning_pain": random.randint(0, 6), "next": seen_on}
        self.post_expecting_redirect(
            f"/sessions/{log_id}/morning/", f"{phase}: /sessions/<id>/morning/", data, to=seen_on
        )

    def notice_morning_check(self, html: str, path: str) -> None:
        form = MORNING_FORM.search(html)
        token = CSRF_TOKEN.search(html)
        self.morning = (form.group(1), token.group(1), path) if form and token else None

    def form_token(self, path: str, name: str) -> str | None:
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            token = CSRF_TOKEN.search(response.text or "")
            if response.status_code != HTTPStatus.OK or token is None:
                response.failure(f"{response.status_code}: no CSRF token")
                return None
            return token.group(1)

    def post_expecting_redirect(
        self, path: str, name: str, data: dict[str, Any], *, to: str
    ) -> bool:
        with self.client.post(
            path,
            name=name,
            data=data,
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != HTTPStatus.FOUND or not location.startswith(to):
                response.failure(f"{response.status_code} {location}: expected a redirect to {to}")
                return False
            return True


ACTIONS: dict[str, Callable[[Person, str], None]] = {
    **{
        page: (lambda person, phase, path=path: person.page(phase, path))
        for page, path in PAGES.items()
    },
    "log_session": Person.log_session,
    "morning_check": Person.morning_check,
    "hello": Person.hello,
}
