"""Access for a professional in a real browser: a person invites their physio, who signs up
through the link, reads the report and sessions and leaves a note; the person reads the note,
hides it, sees every look, and revokes. Each page is audited with axe and kept as a screenshot
on a phone and on a desktop (SCREENSHOT_DIR)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core import mail
from django.utils import dateformat, timezone
from playwright.sync_api import Browser, Page, expect

from tests.conftest import (
    BROWSER_TEST,
    PASSWORD,
    PERSON_TIME_ZONE,
    PHONE,
    link_in_last_email,
    snapshot,
)
from tests.test_accessibility import DESKTOP, assert_no_blocking_violations, sign_in_as
from tracking import sharing
from tracking.models import CareAccess, CareAccessView, SessionLog
from tracking.services import session_log_manual

pytestmark = BROWSER_TEST

PHYSIO = "sam@clinic.example"
SCREENS = {"phone": PHONE, "desktop": DESKTOP}
SHARED_NOTE = "Left hip felt tight on the stairs."
PRIVATE_NOTE = "Slept badly, kept it short."
CARE_NOTE = "Keep the couch stretch daily, 2 x 30 s a side. We review on Friday."


def look_at(page: Page, name: str) -> None:
    """A screenshot on a phone and on a desktop, and no serious axe findings on either."""
    for screen_name, screen in SCREENS.items():
        page.set_viewport_size(screen)
        snapshot(page, f"sharing-{name}-{screen_name}")
        assert_no_blocking_violations(page, f"{name} ({screen_name})")
    page.set_viewport_size(PHONE)


def path_of(link: str) -> str:
    """The link in the email, on the test server (the email names the site's own address)."""
    return "/" + link.split("/", 3)[3]


def sessions_to_share(person: User) -> None:
    """Two sessions logged in the days before: one note shared, one kept private."""
    today = person.profile.local_today()
    shared = session_log_manual(
        user=person,
        day=today - timedelta(days=1),
        kind="mobility",
        pain_before=4,
        pain_after=2,
        effort=5,
        note=SHARED_NOTE,
    )
    SessionLog.objects.filter(pk=shared.pk).update(note_shared=True)
    session_log_manual(
        user=person,
        day=today - timedelta(days=3),
        kind="mobility",
        pain_before=5,
        pain_after=3,
        effort=6,
        note=PRIVATE_NOTE,
    )


def seen_at(view: CareAccessView, form: str = "j F Y, H:i") -> str:
    """When the professional looked, on the person's clock."""
    return dateformat.format(timezone.localtime(view.viewed_at, ZoneInfo(PERSON_TIME_ZONE)), form)


def as_the_person_sees_it(view: CareAccessView) -> str:
    return f"{seen_at(view, 'D j F Y, H:i')}: {view.get_page_display()}"


def invite_the_physio(page: Page) -> str:
    """From Settings: the invitation, the password again, the invitation waiting; its link."""
    page.goto("/settings/")
    page.get_by_role("link", name="Who can see your progress, and invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a professional")
    expect(page.get_by_text("No one can see your progress.")).to_be_visible()

    page.get_by_label("Their email address").fill(PHYSIO)
    page.get_by_label("Their name (optional)").fill("Sam Lee")
    page.get_by_label("Your name, as they know you (optional)").fill("Ada")
    page.get_by_label("I choose to share my pain ratings, sessions and progress").check()
    page.get_by_role("button", name="Send the invitation").click()

    # Sharing is a new grant: allauth asks for the password, then sends what was typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert mail.outbox == []
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a professional")
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation sent to {PHYSIO}. The link works once, for 14 days."
    )
    waiting = page.get_by_role("region", name="Invitations waiting for an answer")
    expect(waiting).to_contain_text(f"Sam Lee ({PHYSIO})")
    expect(waiting.get_by_role("button", name="Withdraw this invitation")).to_be_visible()
    # Audited without the confirmation: see the flash message test below.
    page.reload()
    look_at(page, "settings-waiting")

    assert mail.outbox[-1].to == [PHYSIO]
    return path_of(link_in_last_email(r"https?://\S+/invitations/\S+/"))


def the_physio_signs_up_reads_and_leaves_a_note(pro: Page, invitation: str) -> str:
    """Through the link: an account for the invited address, the clients, the report, the
    sessions, a note. Returns the client report's address."""
    pro.goto(invitation)
    expect(pro.get_by_role("heading", level=1)).to_have_text(
        "Ada invited you to see their progress"
    )
    expect(pro.get_by_text(f"This invitation is for {PHYSIO}.")).to_be_visible()
    look_at(pro, "invitation")

    pro.get_by_role("link", name="Create an account with this address").click()
    expect(pro.get_by_role("heading", level=1)).to_have_text("Create your account")
    email = pro.get_by_label("Email address")
    expect(email).to_have_value(PHYSIO)
    expect(email).not_to_be_editable()
    look_at(pro, "invitation-signup")
    pro.get_by_label("Password", exact=True).fill(PASSWORD)
    pro.get_by_label("Password (again)").fill(PASSWORD)
    pro.get_by_role("button", name="Create my account and accept").click()

    expect(pro).to_have_url(re.compile(r"/clients/$"))
    expect(pro.get_by_role("heading", level=1)).to_have_text("Your clients")
    nav = pro.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Clients")).to_have_attribute("aria-current", "page")
    client = pro.locator(".client-list > li")
    expect(client).to_have_count(1)
    expect(client.get_by_role("heading", level=2)).to_have_text("Ada")
    expect(client).to_contain_text("ada@example.com · shared since")
    expect(pro.get_by_role("status")).to_contain_text(f"You're logged in as {PHYSIO}.")
    expect(pro.get_by_role("status")).to_contain_text(
        "You can now see Ada's progress for 90 days, unless they end it sooner."
    )
    pro.reload()
    look_at(pro, "clients")

    client.get_by_role("link", name="Ada").click()
    expect(pro.get_by_role("heading", level=1)).to_have_text("Ada's progress")
    expect(pro.get_by_text("Ada sees each time you open this page")).to_be_visible()
    look_at(pro, "client-report")
    report = pro.url

    pro.get_by_role("link", name="Their sessions").click()
    expect(pro.get_by_role("heading", level=1)).to_have_text("Sessions of Ada")
    table = pro.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text(SHARED_NOTE)
    expect(table).not_to_contain_text(PRIVATE_NOTE)
    look_at(pro, "client-sessions")
    # On a phone the shared notes are a swipe to the side.
    swipe = "box => { box.scrollLeft = box.scrollWidth }"
    pro.get_by_role("group", name="Sessions").evaluate(swipe)
    expect(table.get_by_text(SHARED_NOTE)).to_be_in_viewport()
    snapshot(pro, "sharing-client-sessions-swiped-phone")

    pro.locator(".breadcrumb").get_by_role("link", name="Ada").click()
    expect(pro.get_by_role("heading", level=1)).to_have_text("Ada's progress")
    pro.get_by_label("A short note for them (optional)").fill(CARE_NOTE)
    pro.get_by_role("button", name="Save the note").click()
    expect(pro.get_by_role("status")).to_contain_text(
        "Note saved: they see it on their Today page."
    )
    expect(pro.get_by_label("A short note for them (optional)")).to_have_value(CARE_NOTE)
    return report


def test_a_person_shares_with_their_physio_reads_the_note_sees_every_look_and_revokes(
    page: Page, browser: Browser, live_server: Any, onboarded_user: User
) -> None:
    sessions_to_share(onboarded_user)
    sign_in_as(page, onboarded_user, live_server)
    invitation = invite_the_physio(page)

    # The physio, in a browser of their own.
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, timezone_id=PERSON_TIME_ZONE
    )
    context.set_default_timeout(10_000)
    try:
        pro = context.new_page()
        report = the_physio_signs_up_reads_and_leaves_a_note(pro, invitation)

        # The note, on the person's Today page.
        page.goto("/today/")
        note = page.get_by_role("region", name="A note from Sam Lee")
        expect(note.locator("blockquote")).to_have_text(CARE_NOTE)
        expect(note).to_contain_text("Their words, written on")
        expect(note).to_contain_text("not advice from Hipflex")
        look_at(page, "today-note")
        # Hidden in place, without a new page; gone after a reload too.
        page.evaluate("window.stayedOnThePage = true")
        note.get_by_role("button", name="Hide this note").click()
        expect(note).to_have_count(0)
        assert page.evaluate("window.stayedOnThePage") is True
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
        expect(page.get_by_text("A note from Sam Lee")).to_have_count(0)

        # Every look, newest first: the report, the sessions, the report again, and the report
        # the note was saved from.
        access = CareAccess.objects.get(user=onboarded_user)
        views = list(access.views.order_by("-viewed_at"))
        assert [view.page for view in views] == ["report", "report", "sessions", "report"]
        page.goto("/settings/sharing/")
        sharing = page.get_by_role("region", name="Who can see your progress")
        expect(sharing.get_by_role("heading", level=3)).to_have_text(f"Sam Lee ({PHYSIO})")
        looked = sharing.locator("details.access-views")
        expect(looked.locator("summary")).to_have_text(
            f"They looked 4 times, last on {seen_at(views[0])}"
        )
        looked.locator("summary").click()
        expect(looked.get_by_role("listitem")).to_have_text(
            [as_the_person_sees_it(view) for view in views]
        )
        look_at(page, "settings-looked")

        page.get_by_role("button", name="Revoke access now").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Sam Lee can no longer see your progress."
        )
        expect(page.get_by_text("No one can see your progress.")).to_be_visible()
        ended = page.get_by_role("region", name="Access that has ended")
        expect(ended).to_contain_text("You revoked it on")
        page.reload()
        look_at(page, "settings-ended")

        # The physio's pages for Ada are gone at once.
        response = pro.goto(report)
        assert response is not None and response.status == 404
        pro.goto("/clients/")
        expect(pro.get_by_text("No one shares their progress with you right now.")).to_be_visible()
    finally:
        context.close()


def test_a_person_withdraws_an_invitation_and_its_link_no_longer_works(
    page: Page, browser: Browser, live_server: Any, onboarded_user: User
) -> None:
    _, token = sharing.invitation_send(
        user=onboarded_user, email=PHYSIO, name="", from_name="", now=timezone.now()
    )
    sign_in_as(page, onboarded_user, live_server)
    page.goto("/settings/sharing/")
    waiting = page.get_by_role("region", name="Invitations waiting for an answer")
    expect(waiting).to_contain_text(f"{PHYSIO}: sent")
    waiting.get_by_role("button", name="Withdraw this invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation to {PHYSIO} withdrawn: its link no longer works."
    )
    expect(page.get_by_role("region", name="Invitations waiting for an answer")).to_have_count(0)

    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, timezone_id=PERSON_TIME_ZONE
    )
    try:
        pro = context.new_page()
        response = pro.goto(f"/invitations/{token}/")
        assert response is not None and response.status == 410
        expect(pro.get_by_role("heading", level=1)).to_have_text(
            "This invitation link no longer works"
        )
        expect(pro.get_by_text(f"{onboarded_user.email} withdrew this invitation.")).to_be_visible()
        look_at(pro, "invitation-withdrawn")
    finally:
        context.close()


def test_a_page_with_a_confirmation_has_no_serious_accessibility_problems(
    page: Page, live_server: Any, onboarded_user: User
) -> None:
    sharing.invitation_send(
        user=onboarded_user, email=PHYSIO, name="", from_name="", now=timezone.now()
    )
    sign_in_as(page, onboarded_user, live_server)
    page.goto("/settings/sharing/")
    page.get_by_role("button", name="Withdraw this invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation to {PHYSIO} withdrawn")
    assert_no_blocking_violations(page, "/settings/sharing/ with a confirmation")
