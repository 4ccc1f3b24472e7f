"""Access for a professional (tracking.sharing): the person's side in settings and on /today/,
the invitation link, and the professional's /clients/ pages.

A professional reaches a person's data only through `_get_access_for_professional`: an access
of theirs that is neither revoked nor lapsed, or 404, whatever else the URL holds.
"""

from __future__ import annotations

import contextlib
from typing import Any

from allauth.account import views as account_views
from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hipflex.http import posted_data, wants_fragment
from routines.models import Profile
from routines.views import onboarded_required
from tracking import sharing
from tracking.forms import (
    PERIOD_CHOICES,
    CareNoteForm,
    InvitationForm,
    InvitationSignupForm,
    ReportForm,
)
from tracking.models import AccessPage, CareAccess, CareAccessView, CareInvitation, SessionLog
from tracking.report import Report, build_report
from tracking.report_choices import SINCE_START
from tracking.views import REPORT_HELPERS, report_pdf_response

CLIENT_SESSIONS_PER_PAGE = 20

# ---------------------------------------------------------------------------------------------
# The person's side
# ---------------------------------------------------------------------------------------------


def _get_access_for_person(request: HttpRequest, pk: int) -> CareAccess:
    return get_object_or_404(CareAccess.objects.filter(user=request.user), pk=pk)


@onboarded_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def sharing_page(request: HttpRequest, profile: Profile) -> HttpResponse:
    """Who has access, since when and every time they looked; invitations waiting; a new one.
    Sending one asks for the password again (allauth keeps the form while it does)."""
    now = timezone.now()
    waiting = sharing.open_invitations(request.user, now)
    form = InvitationForm(
        posted_data(request), own_addresses=sharing.addresses_of(request.user), waiting=waiting
    )
    if form.is_valid():
        data = form.cleaned_data
        invitation, _ = sharing.invitation_send(
            user=request.user,
            email=data["email"],
            name=data["name"],
            from_name=data["from_name"],
            now=now,
        )
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. The link works once, for "
            f"{sharing.INVITATION_DAYS} days.",
        )
        return redirect("tracking:sharing")
    accesses = list(
        CareAccess.objects.filter(user=request.user)
        .select_related("invitation")
        .order_by("ended_at", "-granted_at")
    )
    views: dict[int, list[CareAccessView]] = {access.pk: [] for access in accesses}
    for view in CareAccessView.objects.filter(access__user=request.user):
        views[view.access_id].append(view)
    return render(
        request,
        "tracking/sharing.html",
        {
            "form": form,
            "waiting": waiting,
            "active": [(a, views[a.pk]) for a in accesses if a.is_active(now)],
            "past": [(a, views[a.pk]) for a in accesses if not a.is_active(now)],
            "zone": profile.time_zone,
            "access_days": sharing.ACCESS_DAYS,
        },
    )


@login_required
@require_POST
def access_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_person(request, pk)
    sharing.access_revoke(access=access, now=timezone.now())
    messages.success(
        request,
        f"{access.invitation.shown_name} can no longer see your progress. A PDF they "
        "downloaded before stays with them.",
    )
    return redirect("tracking:sharing")


@login_required
@require_POST
def access_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Another 90 days of sharing is a new grant: the password again, as for an invitation
    (asked for after the access is found, so another person's id is simply not found)."""
    access = _get_access_for_person(request, pk)
    if is_reauthentication_required(request, app="allauth.account"):
        raise ReauthenticationRequired()
    if access.ended_at is not None or access.professional_id is None:
        messages.info(request, "That access has ended. Send a new invitation to share again.")
        return redirect("tracking:sharing")
    sharing.access_renew(access=access, now=timezone.now())
    messages.success(
        request,
        f"Renewed: {access.invitation.shown_name} can see your progress for another "
        f"{sharing.ACCESS_DAYS} days.",
    )
    return redirect("tracking:sharing")


@login_required
@require_POST
def invitation_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(CareInvitation.objects.filter(user=request.user), pk=pk)
    sharing.invitation_withdraw(invitation=invitation, now=timezone.now())
    messages.success(
        request, f"Invitation to {invitation.email} withdrawn: its link no longer works."
    )
    return redirect("tracking:sharing")


@login_required
@require_POST
def care_note_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_person(request, pk)
    sharing.care_note_hide(access=access)
    if wants_fragment(request):
        return HttpResponse("")
    messages.info(request, "Note hidden. A new note from them will show again.")
    return redirect("tracking:today")


# ---------------------------------------------------------------------------------------------
# The invitation link
# ---------------------------------------------------------------------------------------------


def _invitation_or_404(token: str) -> CareInvitation:
    invitation = sharing.invitation_for_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def _accepted_message(invitation: CareInvitation) -> str:
    return (
        f"You can now see {invitation.person_name}'s progress for {sharing.ACCESS_DAYS} days, "
        "unless they end it sooner."
    )


def _why_unusable(invitation: CareInvitation) -> str:
    if invitation.accepted_at is not None:
        return "used"
    if invitation.withdrawn_at is not None:
        return "withdrawn"
    return "expired"


@require_http_methods(["GET", "POST"])
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone with the link; accepted only by someone signed in with the address it was
    sent to. Anyone else is asked to sign in with it; nothing is created for them."""
    invitation = _invitation_or_404(token)
    now = timezone.now()
    context: dict[str, Any] = {"invitation": invitation, "token": token}
    if not invitation.is_open(now):
        context["unusable"] = _why_unusable(invitation)
        return render(request, "tracking/invitation.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if user.pk == invitation.user_id:
            context["own"] = True
        elif invitation.email.lower() not in sharing.addresses_of(user):
            context["someone_else"] = True
        elif request.method == "POST":
            try:
                sharing.invitation_accept(invitation=invitation, professional=user, now=now)
            except sharing.InvitationUnusable:
                return redirect("tracking:invitation", token=token)
            messages.success(request, _accepted_message(invitation))
            return redirect("tracking:clients")
    return render(request, "tracking/invitation.html", context)


class InvitationSignupView(account_views.SignupView):
    """Sign up through the link: the address is proved by the link itself (allauth's
    stashed verified email), so the account is ready at once and lands on /clients/."""

    template_name = "tracking/invitation_signup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.invitation = _invitation_or_404(kwargs["token"])
        if request.user.is_authenticated or not self.invitation.is_open(timezone.now()):
            return redirect("tracking:invitation", token=kwargs["token"])
        get_adapter(request).stash_verified_email(request, self.invitation.email)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        return InvitationSignupForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"invited": self.invitation.email}

    def get_success_url(self) -> str:
        return reverse("tracking:clients")

    def form_valid(self, form: InvitationSignupForm) -> HttpResponse:
        response = super().form_valid(form)
        if getattr(self, "user", None) is not None:
            # Used in the meantime: /clients/ shows who has shared, and nothing else is made.
            with contextlib.suppress(sharing.InvitationUnusable):
                sharing.invitation_accept(
                    invitation=self.invitation, professional=self.user, now=timezone.now()
                )
                messages.success(self.request, _accepted_message(self.invitation))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"invitation": self.invitation}


invitation_signup = InvitationSignupView.as_view()

# ---------------------------------------------------------------------------------------------
# The professional's side
# ---------------------------------------------------------------------------------------------


def _get_access_for_professional(request: HttpRequest, pk: int) -> CareAccess:
    """The professional's own active access, with the person and their profile; 404 otherwise
    (never granted, revoked, lapsed, or another professional's)."""
    return get_object_or_404(
        CareAccess.objects.active(timezone.now())
        .filter(professional=request.user)
        .select_related("invitation", "user__profile"),
        pk=pk,
    )


@login_required
@require_GET
def clients(request: HttpRequest) -> HttpResponse:
    accesses = (
        CareAccess.objects.active(timezone.now())
        .filter(professional=request.user)
        .select_related("invitation", "user")
        .order_by("granted_at")
    )
    return render(
        request,
        "tracking/clients.html",
        {"accesses": accesses, "follows_a_plan": Profile.of(request.user) is not None},
    )


def _client_report(request: HttpRequest, access: CareAccess) -> tuple[ReportForm, Report]:
    """The person's report, live, over the period asked for, with the notes they shared;
    never their safety answers."""
    form = ReportForm({"weeks": request.GET.get("weeks", "")})
    weeks, _, _ = form.choice()
    content = build_report(
        access.user.profile, weeks=weeks, include_safety=False, shared_notes=True
    )
    return form, content


def _client_page(request: HttpRequest, access: CareAccess, note_form: CareNoteForm) -> HttpResponse:
    form, content = _client_report(request, access)
    weeks = content.period.weeks
    query = request.GET.urlencode()
    pdf_url = reverse("tracking:client_pdf", args=[access.pk])
    return render(
        request,
        "tracking/client.jinja",
        {
            "access": access,
            "form": form,
            "report": content,
            "note_form": note_form,
            "pdf_url": pdf_url + (f"?{query}" if query else ""),
            "period_choices": PERIOD_CHOICES,
            "chosen_weeks": SINCE_START if weeks is None else str(weeks),
            **REPORT_HELPERS,
        },
    )


@login_required
@require_GET
def client_report(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_professional(request, pk)
    sharing.access_view_record(access=access, page=AccessPage.REPORT, now=timezone.now())
    return _client_page(request, access, CareNoteForm(initial={"note": access.note}))


@login_required
@require_GET
def client_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_professional(request, pk)
    _, content = _client_report(request, access)
    sharing.access_view_record(access=access, page=AccessPage.PDF, now=timezone.now())
    return report_pdf_response(content)


@login_required
@require_GET
def client_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_professional(request, pk)
    logs = SessionLog.objects.for_user(access.user).order_by("-date", "-started_at")
    page = Paginator(logs, CLIENT_SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    sharing.access_view_record(access=access, page=AccessPage.SESSIONS, now=timezone.now())
    return render(request, "tracking/client_sessions.html", {"access": access, "page": page})


@login_required
@require_POST
def client_note(request: HttpRequest, pk: int) -> HttpResponse:
    access = _get_access_for_professional(request, pk)
    form = CareNoteForm(request.POST)
    if form.is_valid():
        sharing.care_note_write(access=access, note=form.cleaned_data["note"], now=timezone.now())
        messages.success(
            request,
            "Note saved: they see it on their Today page."
            if form.cleaned_data["note"]
            else "Note removed.",
        )
        url = reverse("tracking:client", args=[pk])
        return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
    # What they typed stays in the box, with the message beside it.
    return _client_page(request, access, form)
