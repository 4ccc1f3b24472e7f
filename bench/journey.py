"""A realistic day for `make bench`: simulated people, each a different demo person, at once.

Each simulated person (a thread with its own keep-alive connection) takes the next demo person
from a shared queue and goes through their day without think time:

1. GET /today/: their page, with the "Start session" link (a training day, not yet logged);
2. GET /sessions/start/ and POST it with the pain before: on to the guided session;
3. GET /sessions/<id>/do/, which sends them to the first exercise; then each exercise's page
   and its "Done" button, as htmx boosts them (the POST redirects to the next exercise);
4. the finish step, POSTed with the pain after and the effort, then GET the logged
   session's page it leads to, with its "Session logged" message;
5. GET /progress/, which shows the morning check of yesterday's session (prepared by
   bench/run.py), and answer it as its buttons do (htmx).

Each answer is checked: a wrong status, a redirect elsewhere, or a page without what it should
show stops the phase and fails the bench, rather than timing an error page.
"""

from __future__ import annotations

import http.client
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_EXERCISES = 40  # more answers than any session holds: the redirects go round in circles
STEPS = [
    "GET /today/",
    "GET /sessions/start/",
    "POST /sessions/start/",
    "GET /sessions/<id>/do/",
    "GET /sessions/<id>/do/<n>/ (boosted)",
    "POST /sessions/<id>/do/<n>/ (boosted)",
    "GET /sessions/<id>/do/finish/ (boosted)",
    "POST /sessions/<id>/do/finish/",
    "GET /sessions/<id>/",
    "GET /progress/",
    "POST /sessions/<id>/morning/ (htmx)",
]


@dataclass
class Person:
    username: str
    cookies: dict[str, str]  # the session and CSRF cookies bench/run.py made for them
    morning_log_id: int  # yesterday's session, waiting for its morning answer
    pain: int  # their usual pain, for the answers


@dataclass
class Response:
    status: int
    location: str
    text: str


class StepFailed(Exception):
    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step = step


@dataclass
class Timings:
    """Seconds of each answered request, by step; errors by step."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    messages: list[str] = field(default_factory=list)
    journeys: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One person's browser: a keep-alive connection (reopened when the server closes it)
    and a cookie jar. Times each request from sending to the last byte read."""

    def __init__(self, host: str, port: int, user_agent: str, timings: Timings) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.user_agent = user_agent
        self.timings = timings
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def send(
        self,
        step: str,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        htmx: bool = False,
        boosted: bool = False,
    ) -> Response:
        headers = {
            "User-Agent": self.user_agent,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if htmx or boosted:  # as htmx sends it: the page's token (hx-headers) in a header
            headers |= {"HX-Request": "true", "X-CSRFToken": self.csrf_token}
        if boosted:
            headers["HX-Boosted"] = "true"
        started = time.perf_counter()
        try:
            status, answer_headers, content = self._exchange(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise StepFailed(step, f"{type(error).__name__}: {error}") from None
        elapsed = time.perf_counter() - started
        with self.timings.lock:
            self.timings.seconds[step].append(elapsed)
        self._keep_cookies(answer_headers.get_all("Set-Cookie") or [])
        return Response(status, answer_headers.get("Location", ""), content.decode())

    def _exchange(
        self, method: str, path: str, body: str | None, headers: dict[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                return response.status, response.headers, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had closed: once more on a new one.
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def token_from(self, page: Response) -> None:
        match = CSRF_TOKEN.search(page.text)
        if match:
            self.csrf_token = match.group(1)


def expect(
    step: str, response: Response, status: int, *, contains: str = "", location: str = ""
) -> None:
    if response.status != status:
        where = f" to {response.location}" if response.location else ""
        raise StepFailed(step, f"answered {response.status}{where}, expected {status}")
    if location and not re.fullmatch(location, response.location):
        raise StepFailed(step, f"went to {response.location!r}, expected {location!r}")
    if contains and contains not in response.text:
        raise StepFailed(step, f"the page does not show {contains!r}")


def journey(browser: Browser, person: Person) -> None:
    """One person's day, step by step (the module's docstring)."""
    browser.cookies = dict(person.cookies)
    step = STEPS[0]
    today = browser.send(step, "GET", "/today/")
    expect(step, today, HTTPStatus.OK, contains='href="/sessions/start/"')

    step = STEPS[1]
    start_page = browser.send(step, "GET", "/sessions/start/")
    expect(step, start_page, HTTPStatus.OK, contains='action="/sessions/start/"')
    browser.token_from(start_page)

    step = STEPS[2]
    form = {"csrfmiddlewaretoken": browser.csrf_token, "pain_before": person.pain}
    started = browser.send(step, "POST", "/sessions/start/", form)
    expect(step, started, HTTPStatus.FOUND, location=r"/sessions/\d+/do/")
    log_path = started.location.removesuffix("do/")

    step = STEPS[3]
    guided = browser.send(step, "GET", f"{log_path}do/")
    first = rf"{re.escape(log_path)}do/1/"
    expect(step, guided, HTTPStatus.FOUND, location=first)

    # Each exercise's page, and its Done button: the answer redirects to the next one (htmx
    # follows the redirect), until the finish.
    location, finish_path = guided.location, f"{log_path}do/finish/"
    answered = 0
    while location != finish_path:
        step = STEPS[4]
        page = browser.send(step, "GET", location, boosted=True)
        expect(step, page, HTTPStatus.OK, contains=f'action="{location}"')
        browser.token_from(page)
        step = STEPS[5]
        answer = {"csrfmiddlewaretoken": browser.csrf_token, "status": "done"}
        saved = browser.send(step, "POST", location, answer, boosted=True)
        expect(step, saved, HTTPStatus.FOUND, location=rf"{re.escape(log_path)}do/(\d+|finish)/")
        location, answered = saved.location, answered + 1
        if answered > MAX_EXERCISES:
            raise StepFailed(step, "the answers never reach the finish")

    step = STEPS[6]
    finish_page = browser.send(step, "GET", finish_path, boosted=True)
    expect(step, finish_page, HTTPStatus.OK, contains=f'action="{finish_path}"')

    step = STEPS[7]
    finish = {
        "csrfmiddlewaretoken": browser.csrf_token,
        "pain_after": max(0, person.pain - 1),
        "effort": 5,
        "note": "",
    }
    finished = browser.send(step, "POST", finish_path, finish)
    expect(step, finished, HTTPStatus.FOUND, location=re.escape(log_path))

    step = STEPS[8]
    logged = browser.send(step, "GET", log_path)
    expect(step, logged, HTTPStatus.OK, contains="Session logged.")

    step = STEPS[9]
    progress = browser.send(step, "GET", "/progress/")
    morning_path = f"/sessions/{person.morning_log_id}/morning/"
    expect(step, progress, HTTPStatus.OK, contains=f'hx-post="{morning_path}"')
    browser.token_from(progress)

    step = STEPS[10]
    answer = {
        "csrfmiddlewaretoken": browser.csrf_token,
        "next": "/progress/",
        "morning_pain": person.pain,
    }
    morning = browser.send(step, "POST", morning_path, answer, htmx=True)
    expect(step, morning, HTTPStatus.OK, contains="this morning is saved")


def run_journeys(
    host: str, port: int, people: list[Person], concurrency: int, user_agent: str
) -> tuple[Timings, float]:
    """Every person's day, `concurrency` at once; the timings and the seconds it all took.
    The first failed step stops every simulated person after their current request."""
    waiting: queue.SimpleQueue[Person] = queue.SimpleQueue()
    for person in people:
        waiting.put(person)
    timings = Timings()
    failed = threading.Event()

    def simulated_person() -> None:
        browser = Browser(host, port, user_agent, timings)
        while not failed.is_set():
            try:
                person = waiting.get_nowait()
            except queue.Empty:
                break
            try:
                journey(browser, person)
            except StepFailed as error:
                with timings.lock:
                    timings.errors[error.step] += 1
                    timings.messages.append(f"{person.username}: {error}")
                failed.set()
                break
            with timings.lock:
                timings.journeys += 1
        browser.connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=simulated_person) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, time.perf_counter() - started
