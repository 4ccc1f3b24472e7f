"""The one-page report for a physio (/progress/report/ and its PDF)."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from http import HTTPStatus
from statistics import median

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from routines.models import DayKind, FunctionalGoal, PlannedDay, Profile
from routines.safety import RED_FLAG_KEYS, SIGNS
from routines.services import monday_of
from tests.conftest import escaped, onboard, page_text
from tests.tracking.report_history import LONG_NOTE, person_with_history
from tracking.models import SessionLog, TaskRating

pytestmark = pytest.mark.django_db

REPORT = reverse("tracking:report")
PDF = reverse("tracking:report_pdf")
A4_POINTS = (595.28, 841.89)


def sheet_text(response: HttpResponse) -> str:
    """The words of the report itself, without the form above it (which lists the notes)."""
    sheet = re.search(r'<article class="report-sheet".*?</article>', response.text, re.S)
    assert sheet, response.text[:500]
    return page_text(sheet.group(0))


def pdf_of(client: Client, params: dict[str, object] | None = None) -> PdfReader:
    response = client.get(PDF, params or {})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="hipflex-report-')
    return PdfReader(io.BytesIO(response.content))


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def font_sizes(reader: PdfReader) -> set[float]:
    """Every font size the PDF's pages set (the `Tf` operator of their content streams)."""
    sizes = set()
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes.update(float(size) for size in re.findall(r"/F\w*\s+([\d.]+)\s+Tf", content))
    return sizes


def one_a4_page(reader: PdfReader) -> bool:
    box = reader.pages[0].mediabox
    size = (round(float(box.width), 2), round(float(box.height), 2))
    return len(reader.pages) == 1 and size == A4_POINTS


def everything_included(user: User, **options: object) -> dict[str, object]:
    """The query of a report with every optional part: the safety answers, the most notes."""
    notes = SessionLog.objects.filter(user=user).exclude(note="").order_by("-date")
    return {"safety": "on", "note": list(notes.values_list("pk", flat=True)[:3]), **options}


def the_fullest(user: User, weeks: int) -> Profile:
    """Six sessions a week with the longest notes, five tasks (one with the longest name), two
    hip tests, and every red flag answered, assessed by someone with a long name and cleared."""
    profile = person_with_history(user, weeks=weeks)
    goal = FunctionalGoal.objects.filter(user=user).order_by("pk").last()
    goal.task, goal.custom_name = None, "Carrying the shopping up the hill " * 3
    goal.custom_name = goal.custom_name[:100]
    goal.save()
    Profile.objects.filter(user=user).update(
        red_flags=RED_FLAG_KEYS,
        clinician_cleared_at=timezone.now(),
        assessed_on=profile.local_today() - timedelta(days=30),
        assessed_by="Dr Alexandra Montgomery-Fitzwilliam, physiotherapist at the Riverside "
        "Musculoskeletal and Sports Injury Clinic",
    )
    return profile


# ---------------------------------------------------------------------------------------------
# What the page shows
# ---------------------------------------------------------------------------------------------


def test_the_report_shows_the_persons_own_figures(client_logged_in: Client, user: User) -> None:
    profile = person_with_history(user, weeks=12)
    today = profile.local_today()
    response = client_logged_in.get(REPORT)
    assert response.status_code == HTTPStatus.OK
    text = sheet_text(response)
    first = monday_of(today) - timedelta(weeks=11)
    days = PlannedDay.objects.filter(user=user, date__range=(first, today)).exclude(
        kind=DayKind.REST
    )
    done = days.filter(completed_at__isnull=False).count()
    logged = SessionLog.objects.filter(user=user, date__range=(first, today)).count()
    assert f"In all: {done} of {days.count()} planned sessions done" in text
    assert f"{logged} sessions logged" in text
    # A week in the middle, counted and its median taken straight from the logs.
    monday = first + timedelta(weeks=5)
    week = days.filter(date__range=(monday, monday + timedelta(days=6)))
    highest = [
        max(log.pain_before, log.pain_after, log.morning_pain)
        for log in SessionLog.objects.filter(user=user, date__range=(monday, week.last().date))
    ]
    column = [week.monday for week in response.context["report"].weeks].index(monday)
    cells = re.findall(r"\d+ of \d+", re.search(r"Sessions done((?: \d+ of \d+)+)", text)[1])
    assert len(cells) == 12
    assert cells[column] == f"{week.filter(completed_at__isnull=False).count()} of {week.count()}"
    medians = re.search(r"Median pain((?: [\d.–]+)+)", text).group(1).split()
    assert medians[column] == f"{median(highest):g}"
    goal = FunctionalGoal.objects.filter(user=user).order_by("pk").first()
    latest = TaskRating.objects.filter(goal=goal).order_by("rated_on").last()
    assert f"{goal.name} {goal.baseline} on " in text
    assert f" {latest.rating} on {latest.rated_on.day} {latest.rated_on:%b}" in text
    assert f"up {latest.rating - goal.baseline}" in text


def test_the_pain_chart_marks_each_flare_and_eased_session(
    client_logged_in: Client, user: User
) -> None:
    person_with_history(user, weeks=12)
    report = client_logged_in.get(REPORT).context["report"]
    first = report.period.start
    flares = SessionLog.objects.filter(user=user, date__gte=first, pain_after__gt=5)
    eased = PlannedDay.objects.filter(user=user, date__gte=first, note__startswith="Eased:")
    assert flares.exists() and eased.exists()
    assert len(report.pain.flares) == flares.count()
    assert len(report.pain.eased) == eased.count()
    # A point a session, for each of before, after and the next morning.
    logged = SessionLog.objects.filter(user=user, date__gte=first).count()
    assert [len(line.points) for line in report.pain.lines] == [logged] * 3
    assert [line.label for line in report.pain.lines] == [
        "Before the session",
        "After the session",
        "Next morning",
    ]
    # Told apart in black and white: a marker shape and a line of their own each.
    assert len({(line.shape, line.dash) for line in report.pain.lines}) == 3
    assert f"{len(flares)} flares" in report.totals.text


def test_periods_longer_than_twelve_weeks_show_each_week_not_each_session(
    client_logged_in: Client, user: User
) -> None:
    person_with_history(user, weeks=26)
    response = client_logged_in.get(REPORT, {"weeks": "26"})
    report = response.context["report"]
    assert report.period.week_count == 26
    weeks_with_logs = [week for week in report.weeks if week.median_pain is not None]
    assert [len(line.points) for line in report.pain.lines] == [len(weeks_with_logs)] * 3
    assert [bar.done for bar in report.weeks_figure.bars] == [week.done for week in report.weeks]
    assert '<table class="sheet-weeks">' not in response.text  # no table of 26 columns
    assert "Sessions planned (outline) Sessions done (filled)" in sheet_text(response)


def test_a_period_reaches_back_no_further_than_the_persons_start(
    client_logged_in: Client, user: User
) -> None:
    person_with_history(user, weeks=5)
    report = client_logged_in.get(REPORT, {"weeks": "52"}).context["report"]
    assert report.period.start == user.profile.local_today() - timedelta(weeks=5)
    assert "(6 weeks, fewer than the 52 chosen)" in report.period.label


def test_this_weeks_plan_lists_each_training_day_with_its_doses(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    day = PlannedDay.objects.get(user=onboarded_user, date=today)
    main = day.exercises.filter(part="main").select_related("exercise").order_by("position")
    text = sheet_text(client_logged_in.get(REPORT))
    first = main.first()
    assert f"{first.exercise.name} {first.dosage_text().split(', rest')[0]}" in text
    assert f"{today:%a}, {day.kind}:" in text


def test_an_empty_history_says_so_in_words_and_draws_no_chart(
    client_logged_in: Client, user: User
) -> None:
    today = user.profile.local_today().weekday()
    # Today is a rest day, and nothing came before it.
    onboard(user, days=sorted((today + offset) % 7 for offset in (1, 3, 5)))
    response = client_logged_in.get(REPORT)
    text = sheet_text(response)
    assert "No training days were planned or logged in this period." in text
    assert "No pain ratings were logged in this period." in text
    assert "Not taken yet." in text
    sheet = re.search(r'<article class="report-sheet".*?</article>', response.text, re.S)
    assert "<svg" not in sheet.group(0)
    reader = pdf_of(client_logged_in)
    assert one_a4_page(reader)
    words = pdf_text(reader)
    assert "No training days were planned or logged in this period." in words
    assert "No pain ratings were logged in this period." in words
    assert "Before the session" not in words


# ---------------------------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("weeks", "period"), [(12, "12"), (52, "52"), (60, "all")])
def test_the_pdf_is_one_a4_page_for_the_fullest_report(
    client_logged_in: Client, user: User, weeks: int, period: str
) -> None:
    the_fullest(user, weeks)
    reader = pdf_of(client_logged_in, everything_included(user, weeks=period))
    assert one_a4_page(reader)
    words = pdf_text(reader)
    assert words.count("(shortened)") == 3
    assert SIGNS["night_pain"] in words
    assert "Dr Alexandra Montgomery-Fitzwilliam" in words


def test_the_pdf_holds_the_persons_figures(client_logged_in: Client, user: User) -> None:
    person_with_history(user, weeks=12)
    page = sheet_text(client_logged_in.get(REPORT))
    words = pdf_text(pdf_of(client_logged_in))
    totals = re.search(r"In all: .*? eased by the plan\.", page).group(0)
    assert totals in words
    assert re.search(r"Sessions done((?: \d+ of \d+)+)", page).group(1) in words
    assert re.search(r"Median pain((?: [\d.–]+)+)", page).group(1) in words
    summary = client_logged_in.get(REPORT).context["report"].pain.summary
    assert summary in words
    for goal in FunctionalGoal.objects.filter(user=user):
        assert f"{goal.name} {goal.baseline} on" in words
    assert user.email in words


def test_the_pdfs_smallest_text_is_nine_points(client_logged_in: Client, user: User) -> None:
    the_fullest(user, 12)
    sizes = font_sizes(pdf_of(client_logged_in, everything_included(user)))
    assert sizes and min(sizes) >= 9
    assert 9 in sizes


def test_letters_the_pdfs_font_lacks_are_written_plainly(
    client_logged_in: Client, onboarded_user: User
) -> None:
    log = SessionLog.objects.create(
        user=onboarded_user,
        date=onboarded_user.profile.local_today(),
        kind="mobility",
        pain_before=2,
        note="Łukasz said: Übung gut — hips → looser 😊",
    )
    words = pdf_text(pdf_of(client_logged_in, {"note": log.pk}))
    assert "Lukasz said: Übung gut — hips -> looser ?" in words


# ---------------------------------------------------------------------------------------------
# What the person chooses
# ---------------------------------------------------------------------------------------------


def test_the_safety_answers_appear_only_when_the_person_includes_them(
    client_logged_in: Client, onboarded_user: User
) -> None:
    Profile.objects.filter(user=onboarded_user).update(
        red_flags=["trauma"],
        clinician_cleared_at=timezone.now(),
        assessed_on=onboarded_user.profile.local_today() - timedelta(days=3),
        assessed_by="Dr Lee",
    )
    for params in ({}, {"safety": ""}):
        assert "Dr Lee" not in sheet_text(client_logged_in.get(REPORT, params))
        assert SIGNS["trauma"] not in pdf_text(pdf_of(client_logged_in, params))
        assert "Safety questions" not in pdf_text(pdf_of(client_logged_in, params))
    page = sheet_text(client_logged_in.get(REPORT, {"safety": "on"}))
    words = pdf_text(pdf_of(client_logged_in, {"safety": "on"}))
    for text in (page, words):
        assert f"Reported: {SIGNS['trauma']}." in text
        assert "by Dr Lee, and cleared to exercise" in text


def test_a_note_appears_only_when_the_person_chooses_it(
    client_logged_in: Client, onboarded_user: User
) -> None:
    today = onboarded_user.profile.local_today()
    chosen, other = (
        SessionLog.objects.create(
            user=onboarded_user, date=today, kind="mobility", pain_before=2, note=note
        )
        for note in ("Left hip pinched in the lunge.", "Slept badly before this one.")
    )
    form = client_logged_in.get(REPORT)
    assert "Left hip pinched in the lunge." not in sheet_text(form)
    # The form offers each note, none ticked.
    assert f'name="note" value="{chosen.pk}" id="note-{chosen.pk}">' in form.text
    assert "Left hip pinched in the lunge." not in pdf_text(pdf_of(client_logged_in))
    response = client_logged_in.get(REPORT, {"note": chosen.pk})
    assert "Left hip pinched in the lunge." in sheet_text(response)
    assert "Slept badly" not in sheet_text(response)
    assert f'value="{chosen.pk}" id="note-{chosen.pk}" checked>' in response.text
    words = pdf_text(pdf_of(client_logged_in, {"note": chosen.pk}))
    assert "Left hip pinched in the lunge." in words
    assert "Slept badly" not in words
    assert other.pk != chosen.pk


def test_a_long_note_is_shortened_and_says_so(client_logged_in: Client, user: User) -> None:
    person_with_history(user, weeks=4)
    log = SessionLog.objects.filter(user=user).first()
    response = client_logged_in.get(REPORT, {"note": log.pk})
    text = sheet_text(response)
    assert LONG_NOTE[:60] in text
    assert LONG_NOTE not in text
    assert "… (shortened)" in text


def test_another_persons_data_never_appears(
    client_logged_in: Client, onboarded_user: User, onboarded_other_user: User
) -> None:
    theirs = SessionLog.objects.create(
        user=onboarded_other_user,
        date=onboarded_other_user.profile.local_today(),
        kind="strength",
        pain_before=9,
        note="Grace's private note.",
    )
    FunctionalGoal.objects.filter(user=onboarded_other_user).update(
        task=None, custom_name="Grace's own task"
    )
    params = {"note": theirs.pk, "safety": "on"}
    response = client_logged_in.get(REPORT, params)
    assert response.status_code == HTTPStatus.OK
    for text in (page_text(response), pdf_text(pdf_of(client_logged_in, params))):
        assert "Grace" not in text
        assert onboarded_other_user.email not in text
        assert "No pain ratings were logged in this period." in text
    assert escaped("A note you chose is not in this period, so it is left out.") in response.text


# ---------------------------------------------------------------------------------------------
# Who may see it, and bad input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [REPORT, PDF])
def test_a_person_not_onboarded_is_sent_to_onboarding(client_logged_in: Client, url: str) -> None:
    response = client_logged_in.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("routines:onboarding")


@pytest.mark.parametrize("url", [REPORT, PDF])
def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("period", ["13", "lots", "-4", "0"])
def test_a_wrong_period_gets_a_message_by_its_field_and_shows_twelve_weeks(
    client_logged_in: Client, onboarded_user: User, period: str
) -> None:
    response = client_logged_in.get(REPORT, {"weeks": period})
    assert response.status_code == HTTPStatus.OK
    assert (
        '<ul class="errorlist" id="id_weeks_error"><li>'
        + escaped("Choose one of the periods listed. Showing 12 weeks.")
        + "</li></ul>"
    ) in response.text
    assert 'aria-describedby="id_weeks_error"' in response.text
    assert '<option value="12" selected>' in response.text
    assert response.context["report"].period.weeks == 12
    assert one_a4_page(pdf_of(client_logged_in, {"weeks": period}))


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        (["1", "2", "3", "4"], "Choose up to 3 notes: one page holds no more. None is included."),
        (["first"], "Choose notes from the list."),
    ],
)
def test_wrong_notes_get_a_message_by_their_field_and_none_is_included(
    client_logged_in: Client, onboarded_user: User, notes: list[str], message: str
) -> None:
    response = client_logged_in.get(REPORT, {"note": notes})
    assert response.status_code == HTTPStatus.OK
    assert f'<ul class="errorlist" id="id_note_error"><li>{escaped(message)}</li></ul>' in (
        response.text
    )
    assert response.context["report"].notes == ()
    assert pdf_of(client_logged_in, {"note": notes}).pages


def test_the_progress_page_links_to_the_report(
    client_logged_in: Client, onboarded_user: User
) -> None:
    response = client_logged_in.get(reverse("tracking:progress"))
    assert f'<a href="{REPORT}">A one-page report for your physio</a>' in response.text
