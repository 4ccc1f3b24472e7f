"""Access for a professional: invited by email with consent, seen through /clients/, every look
recorded for the person, revoked at once, lapsing after 90 days, gone with either account."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import Profile
from tests.conftest import PASSWORD, make_user, onboard, page_text, reauthenticate
from tests.test_security_sweep import ROUTES, grant_access, person_with_data
from tracking.models import CareAccess, CareAccessView, CareInvitation, SessionLog
from tracking.sharing import ACCESS_DAYS, INVITATION_DAYS, MAX_OPEN_INVITATIONS

pytestmark = pytest.mark.django_db

PHYSIO = "sam@clinic.example"
HEALTH_WORDS = ("pain", "back", "hip flexor", "session", "exercise", "injur", "flare", "health")


def invite(client: Client, **data: str) -> Any:
    form = {"email": PHYSIO, "name": "Sam Lee", "from_name": "Ada", "consent": "on"} | data
    return client.post(reverse("tracking:sharing"), form)


@pytest.fixture
def person(client: Client, onboarded_user: User) -> User:
    """Signed in, having given the password a moment ago."""
    client.force_login(onboarded_user)
    reauthenticate(client)
    return onboarded_user


def sent_invitation(client: Client, capture: Any) -> str:
    """The person invites Sam; the link in Sam's email."""
    with capture(execute=True):
        assert invite(client).status_code == HTTPStatus.FOUND
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


# ---------------------------------------------------------------------------------------------
# Inviting
# ---------------------------------------------------------------------------------------------


def test_an_invitation_stores_the_consent_word_for_word_and_mails_no_health_words(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    invitation = CareInvitation.objects.get(user=person)
    assert invitation.consent_wording == (
        "I choose to share my pain ratings, sessions and progress with Sam Lee."
    )
    assert invitation.consented_at == invitation.expires_at - timedelta(days=INVITATION_DAYS)
    email = mail.outbox[-1]
    assert email.to == [PHYSIO]
    assert "Ada" in email.subject and "Ada" in email.body
    text = f"{email.subject} {email.body}".lower()
    assert not [word for word in HEALTH_WORDS if word in text]
    assert link.startswith("http")
    # The token is stored only as its hash.
    assert path_of(link).split("/")[2] not in invitation.token_hash


def test_inviting_asks_for_the_password_again_and_keeps_what_was_typed(
    client: Client, onboarded_user: User
) -> None:
    client.force_login(onboarded_user)
    response = invite(client)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not CareInvitation.objects.exists()
    # allauth replays the form once the password is given: nothing to type again.
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert CareInvitation.objects.get(user=onboarded_user).email == PHYSIO
    assert f"Invitation sent to {PHYSIO}" in page_text(response)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "ada@example.com"}, "email", "That is your own address."),
        ({"email": "ADA@example.com"}, "email", "That is your own address."),
        ({"email": "not-an-address"}, "email", "Enter an email address like"),
        ({"email": ""}, "email", "Enter the email address of the professional"),
        ({"consent": ""}, "consent", "Tick this box to confirm that you choose to share."),
        ({"name": "x" * 81}, "name", "Keep their name under 80 characters."),
    ],
)
def test_a_bad_invitation_says_why_beside_its_field_and_creates_nothing(
    client: Client, person: User, data: dict[str, str], field: str, message: str
) -> None:
    response = invite(client, **data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.context["form"].errors[field][0]
    assert message in page_text(response)
    assert not CareInvitation.objects.exists()
    assert not mail.outbox
    # What was typed is still there.
    if data.get("name"):
        assert data["name"] in response.text


def test_an_address_already_waiting_is_not_invited_twice(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    sent_invitation(client, django_capture_on_commit_callbacks)
    response = invite(client, email=PHYSIO.upper())
    assert "that invitation is still waiting" in page_text(response)
    assert CareInvitation.objects.count() == 1


def test_more_than_ten_invitations_waiting_are_refused(client: Client, person: User) -> None:
    for number in range(MAX_OPEN_INVITATIONS):
        assert invite(client, email=f"pro{number}@example.com").status_code == HTTPStatus.FOUND
    response = invite(client, email="one-more@example.com")
    assert response.status_code == HTTPStatus.OK
    assert "You have 10 invitations waiting for an answer" in page_text(response)
    assert CareInvitation.objects.count() == MAX_OPEN_INVITATIONS
    # Withdrawing one makes room.
    waiting = CareInvitation.objects.first()
    client.post(reverse("tracking:invitation_withdraw", args=[waiting.pk]))
    assert invite(client, email="one-more@example.com").status_code == HTTPStatus.FOUND


# ---------------------------------------------------------------------------------------------
# The link
# ---------------------------------------------------------------------------------------------


def test_a_professional_signs_up_through_the_link_and_lands_on_their_clients(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    physio = Client()
    page = physio.get(path_of(link))
    assert "Ada invited you to see their progress" in page_text(page)
    signup = physio.get(reverse("tracking:invitation_signup", args=[path_of(link).split("/")[2]]))
    assert PHYSIO in signup.text
    assert "health" not in page_text(signup).lower()  # no health consent asked of them
    response = physio.post(
        signup.request["PATH_INFO"],
        {"email": PHYSIO, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("tracking:clients")
    professional = User.objects.get(email=PHYSIO)
    assert EmailAddress.objects.get(user=professional).verified
    assert not Profile.objects.filter(user=professional).exists()
    assert "Ada" in page_text(response)
    assert CareAccess.objects.get(professional=professional).user == person
    # Their menu is their clients, not a plan of their own.
    assert 'href="/clients/"' in response.text
    assert 'href="/today/"' not in response.text
    # Later log-ins land on their clients too.
    physio.logout()
    response = physio.post(reverse("account_login"), {"login": PHYSIO, "password": PASSWORD})
    assert response["Location"] == reverse("tracking:clients")


def test_signing_up_through_the_link_with_another_address_is_refused(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    token = path_of(link).split("/")[2]
    response = Client().post(
        reverse("tracking:invitation_signup", args=[token]),
        {"email": "someone@else.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == HTTPStatus.OK
    assert f"This invitation is for {PHYSIO}: sign up with that address." in page_text(response)
    assert not User.objects.filter(email="someone@else.example").exists()
    assert not CareAccess.objects.exists()


def test_an_existing_account_accepts_after_logging_in(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    professional = make_user(PHYSIO)
    physio = Client()
    response = physio.post(
        reverse("account_login") + f"?next={path_of(link)}",
        {"login": PHYSIO, "password": PASSWORD, "next": path_of(link)},
        follow=True,
    )
    assert "Accept and see their progress" in page_text(response)
    response = physio.post(path_of(link), follow=True)
    assert response.redirect_chain[-1][0] == reverse("tracking:clients")
    assert "You can now see Ada's progress for 90 days" in page_text(response)
    assert CareAccess.objects.get(user=person).professional == professional


def test_a_used_link_says_so_and_grants_nothing_more(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    physio = Client()
    physio.force_login(make_user(PHYSIO))
    physio.post(path_of(link))
    again = physio.post(path_of(link))
    assert again.status_code == HTTPStatus.GONE
    assert "It has already been accepted, and each link works once." in page_text(again)
    assert CareAccess.objects.count() == 1
    signup = Client().get(reverse("tracking:invitation_signup", args=[path_of(link).split("/")[2]]))
    assert signup.status_code == HTTPStatus.FOUND  # back to the page that says why


def test_an_expired_or_withdrawn_link_says_so(
    client: Client,
    person: User,
    django_capture_on_commit_callbacks: Any,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    other_link = sent_invitation_to(client, "kim@example.com", django_capture_on_commit_callbacks)
    client.post(
        reverse(
            "tracking:invitation_withdraw",
            args=[CareInvitation.objects.get(email="kim@example.com").pk],
        )
    )
    withdrawn = Client().get(path_of(other_link))
    assert withdrawn.status_code == HTTPStatus.GONE
    assert "Ada withdrew this invitation." in page_text(withdrawn)
    time_machine.move_to(timezone.now() + timedelta(days=INVITATION_DAYS, minutes=1))
    physio = Client()
    physio.force_login(make_user(PHYSIO))
    expired = physio.post(path_of(link))
    assert expired.status_code == HTTPStatus.GONE
    assert "Invitations work for 14 days, and this one has expired." in page_text(expired)
    assert not CareAccess.objects.exists()


def sent_invitation_to(client: Client, email: str, capture: Any) -> str:
    with capture(execute=True):
        assert invite(client, email=email).status_code == HTTPStatus.FOUND
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_someone_signed_in_with_another_address_is_asked_to_sign_in_with_the_invited_one(
    client: Client, person: User, other_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    link = sent_invitation(client, django_capture_on_commit_callbacks)
    stranger = Client()
    stranger.force_login(other_user)
    for response in (stranger.get(path_of(link)), stranger.post(path_of(link))):
        assert response.status_code == HTTPStatus.OK
        text = page_text(response)
        assert f"This invitation was sent to {PHYSIO}" in text
        assert f"you are logged in as {other_user.email}. Log out, then log in" in text
    assert not CareAccess.objects.exists()
    assert CareInvitation.objects.get().accepted_at is None
    # Nor can the person accept their own.
    assert "This is your own invitation" in page_text(client.post(path_of(link)))
    assert not CareAccess.objects.exists()


# ---------------------------------------------------------------------------------------------
# What the professional sees, and what the person sees of it
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def shared(onboarded_user: User) -> tuple[User, User, CareAccess]:
    """Ada shares with Sam (who looked once and left a note); one of her notes is shared,
    another is not."""
    access = person_with_data(onboarded_user).access
    logs = list(SessionLog.objects.filter(user=onboarded_user).order_by("date"))
    SessionLog.objects.filter(pk=logs[0].pk).update(note="Shared: stairs easier.", note_shared=True)
    SessionLog.objects.filter(pk=logs[1].pk).update(note="Private: argued with boss.")
    return onboarded_user, access.professional, access


def test_the_professional_sees_the_report_and_sessions_with_only_shared_notes(
    shared: tuple[User, User, CareAccess],
) -> None:
    person, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    clients = page_text(physio.get(reverse("tracking:clients")))
    assert person.email in clients
    report = physio.get(reverse("tracking:client", args=[access.pk]))
    text = page_text(report)
    assert "Pain before, after and the next morning" in text or "Pain" in text
    assert "Shared: stairs easier." in text
    assert "Private" not in text
    sessions = page_text(physio.get(reverse("tracking:client_sessions", args=[access.pk])))
    assert "Shared: stairs easier." in sessions
    assert "Private" not in sessions
    assert "Mobility" in sessions or "Stability" in sessions or "Strength" in sessions
    pdf = physio.get(reverse("tracking:client_pdf", args=[access.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    pages = list(CareAccessView.objects.filter(access=access).values_list("page", flat=True))
    # person_with_data's own view, then these three.
    assert sorted(pages) == sorted(["report", "report", "sessions", "pdf"])


def test_the_person_sees_who_has_access_since_when_and_every_look(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    physio.get(reverse("tracking:client_sessions", args=[access.pk]))
    client.force_login(person)
    text = page_text(client.get(reverse("tracking:sharing")))
    assert "Sam" in text and "Since" in text
    assert "They looked 2 times" in text
    assert "the session list" in text and "the report" in text
    assert "A PDF they already downloaded stays with them" in text
    assert "I choose to share my pain ratings, sessions and progress with Sam." in text


def client_urls(access: CareAccess) -> list[str]:
    """Every page a professional can open, from the URL patterns themselves."""
    names = [route.name for route in ROUTES if route.name.startswith("tracking:client")]
    assert {"tracking:clients", "tracking:client", "tracking:client_note"} <= set(names)
    return [reverse(name, args=[access.pk]) for name in names if name != "tracking:clients"]


def assert_not_found_anywhere(physio: Client, access: CareAccess) -> None:
    before = list(CareAccessView.objects.values_list("pk", flat=True))
    note = CareAccess.objects.get(pk=access.pk).note
    for url in client_urls(access):
        for method in ("get", "post"):
            response = getattr(physio, method)(url, {"note": "Hello"})
            if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
                continue
            assert response.status_code == HTTPStatus.NOT_FOUND, (method, url)
    assert list(CareAccessView.objects.values_list("pk", flat=True)) == before
    assert CareAccess.objects.get(pk=access.pk).note == note
    assert access.user.email not in page_text(physio.get(reverse("tracking:clients")))


def test_every_professional_page_is_not_found_without_a_grant(
    shared: tuple[User, User, CareAccess], other_user: User
) -> None:
    _, _, access = shared
    stranger = Client()
    stranger.force_login(other_user)
    assert_not_found_anywhere(stranger, access)


def test_every_professional_page_is_not_found_for_another_professionals_client(
    shared: tuple[User, User, CareAccess], onboarded_other_user: User
) -> None:
    _, professional, access = shared
    other_physio = make_user("kim@clinic.example", consented=False)
    other_access, _ = grant_access(onboarded_other_user, other_physio)
    physio = Client()
    physio.force_login(professional)
    # Sam's own client opens; Kim's client does not, under any of Sam's pages.
    assert physio.get(reverse("tracking:client", args=[access.pk])).status_code == HTTPStatus.OK
    assert_not_found_anywhere(physio, other_access)


def test_revoking_ends_access_at_once(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    client.force_login(person)
    response = client.post(reverse("tracking:access_revoke", args=[access.pk]), follow=True)
    assert "Sam can no longer see your progress." in page_text(response)
    assert "A PDF they downloaded before stays with them." in page_text(response)
    physio = Client()
    physio.force_login(professional)
    assert_not_found_anywhere(physio, access)
    assert "You revoked it" in page_text(client.get(reverse("tracking:sharing")))


def test_access_lapses_after_ninety_days_unless_renewed(
    client: Client,
    shared: tuple[User, User, CareAccess],
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    person, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    client.force_login(person)
    time_machine.move_to(timezone.now() + timedelta(days=ACCESS_DAYS - 1))
    assert physio.get(reverse("tracking:client", args=[access.pk])).status_code == HTTPStatus.OK
    # Renewing asks for the password, then counts 90 days from today.
    reauthenticate(client)
    client.post(reverse("tracking:access_renew", args=[access.pk]))
    time_machine.move_to(timezone.now() + timedelta(days=ACCESS_DAYS - 1))
    assert physio.get(reverse("tracking:client", args=[access.pk])).status_code == HTTPStatus.OK
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert_not_found_anywhere(physio, access)
    assert "It lapsed on" in page_text(client.get(reverse("tracking:sharing")))


def test_renewing_asks_for_the_password_again(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, _, access = shared
    client.force_login(person)
    expires = access.expires_at
    response = client.post(reverse("tracking:access_renew", args=[access.pk]))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert CareAccess.objects.get(pk=access.pk).expires_at == expires


# ---------------------------------------------------------------------------------------------
# The professional's note on /today/
# ---------------------------------------------------------------------------------------------


def test_the_professionals_note_shows_on_today_as_theirs_and_can_be_hidden(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    url = reverse("tracking:client_note", args=[access.pk])
    physio.post(url, {"note": "Try the bridge with a pause at the top."})
    client.force_login(person)
    text = page_text(client.get(reverse("tracking:today")))
    assert "A note from Sam" in text
    assert "Try the bridge with a pause at the top." in text
    assert "not advice from Hipflex" in text
    response = client.post(
        reverse("tracking:care_note_hide", args=[access.pk]), headers={"HX-Request": "true"}
    )
    assert response.content == b""
    assert "Try the bridge" not in page_text(client.get(reverse("tracking:today")))
    # A new note shows again.
    physio.post(url, {"note": "Good week."})
    assert "Good week." in page_text(client.get(reverse("tracking:today")))


def test_a_note_too_long_says_so_beside_the_field_and_keeps_the_text(
    shared: tuple[User, User, CareAccess],
) -> None:
    _, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    long_note = "Hold it longer. " * 19
    response = physio.post(reverse("tracking:client_note", args=[access.pk]), {"note": long_note})
    assert response.status_code == HTTPStatus.OK
    assert "Keep the note under 300 characters (it has 303)." in page_text(response)
    assert long_note.strip() in response.text
    assert CareAccess.objects.get(pk=access.pk).note == "Keep going."


def test_a_note_ends_with_the_access(client: Client, shared: tuple[User, User, CareAccess]) -> None:
    person, _, access = shared
    client.force_login(person)
    assert "Keep going." in page_text(client.get(reverse("tracking:today")))
    client.post(reverse("tracking:access_revoke", args=[access.pk]))
    assert "Keep going." not in page_text(client.get(reverse("tracking:today")))


# ---------------------------------------------------------------------------------------------
# Either account going; export; the admin
# ---------------------------------------------------------------------------------------------


def test_deleting_the_persons_account_ends_the_access(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    client.force_login(person)
    reauthenticate(client)
    client.post(reverse("tracking:delete_account"), {"confirm": "on"})
    assert not CareAccess.objects.exists()
    assert not CareInvitation.objects.exists()
    physio = Client()
    physio.force_login(professional)
    assert physio.get(reverse("tracking:client", args=[access.pk])).status_code == 404
    assert "No one shares their progress with you" in page_text(
        physio.get(reverse("tracking:clients"))
    )


def test_deleting_the_professionals_account_ends_the_access_and_keeps_the_persons_record(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    physio = Client()
    physio.force_login(professional)
    reauthenticate(physio)
    physio.post(reverse("tracking:delete_account"), {"confirm": "on"})
    assert not User.objects.filter(pk=professional.pk).exists()
    ended = CareAccess.objects.get(pk=access.pk)
    assert ended.professional is None and ended.ended_at is not None
    client.force_login(person)
    text = page_text(client.get(reverse("tracking:sharing")))
    assert "Their account was deleted" in text
    assert "They looked 1 time" in text
    assert "Keep going." not in page_text(client.get(reverse("tracking:today")))


def test_each_side_exports_its_own_part(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, _ = shared
    client.force_login(person)
    reauthenticate(client)
    mine = json.loads(client.get(reverse("tracking:export_json")).content)["sharing"]
    assert mine["invitations"][0]["consent"].startswith("I choose to share my pain ratings")
    assert mine["access_given"][0]["to"] == professional.email
    assert len(mine["access_given"][0]["views"]) == 1
    physio = Client()
    physio.force_login(professional)
    reauthenticate(physio)
    theirs = json.loads(physio.get(reverse("tracking:export_json")).content)
    assert theirs["sharing"]["clients_seen"][0]["client"] == person.email
    assert len(theirs["sharing"]["clients_seen"][0]["your_views"]) == 1
    assert theirs["sessions"] == []  # never the client's data


def test_trainers_in_the_admin_see_none_of_it() -> None:
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "tracking" not in registered


def test_a_person_who_follows_a_plan_and_sees_clients_keeps_their_own_menu(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, _, _ = shared
    onboard(make_user("both@example.com"))
    both = User.objects.get(email="both@example.com")
    grant_access(person, both)
    client.force_login(both)
    response = client.get(reverse("tracking:clients"))
    assert person.email in page_text(response)
    assert 'href="/today/"' in response.text


def test_a_note_reaches_the_professional_only_once_the_person_ticks_share(
    client: Client, shared: tuple[User, User, CareAccess]
) -> None:
    person, professional, access = shared
    log = SessionLog.objects.filter(user=person).exclude(note_shared=True).first()
    physio = Client()
    physio.force_login(professional)
    sessions = reverse("tracking:client_sessions", args=[access.pk])
    assert "Private: argued with boss." not in page_text(physio.get(sessions))
    client.force_login(person)
    page = client.get(log.get_absolute_url())
    assert "Share this note with the professionals I give access to" in page_text(page)
    form = {"pain_before": log.pain_before, "note": "Now shared.", "note_shared": "on"}
    assert client.post(log.get_absolute_url(), form).status_code == HTTPStatus.FOUND
    assert "Now shared." in page_text(physio.get(sessions))
