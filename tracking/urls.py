from __future__ import annotations

from django.urls import path

from tracking import guided_views, sharing_views, views

app_name = "tracking"

urlpatterns = [
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/start/", views.session_start_view, name="session_start"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/do/", guided_views.session_do, name="session_do"),
    path("sessions/<int:pk>/do/<int:number>/", guided_views.session_step, name="session_step"),
    path("sessions/<int:pk>/do/finish/", guided_views.session_finish_view, name="session_finish"),
    path("sessions/<int:pk>/delete/", views.session_delete_view, name="session_delete"),
    path("sessions/<int:pk>/morning/", views.morning_check, name="morning_check"),
    path("milestones/", views.milestones, name="milestones"),
    path("milestones/<int:goal_pk>/rate/", views.rate_goal, name="rate_goal"),
    path("today/", views.today, name="today"),
    path("plan/<str:day>/", views.plan_day, name="plan_day"),
    path("plan/<str:day>/today/", views.train_today, name="train_today"),
    path("progress/", views.progress_view, name="progress"),
    path("progress/hip-test/", views.hip_test_view, name="hip_test"),
    path("progress/report/", views.report_view, name="report"),
    path("progress/report/pdf/", views.report_pdf_view, name="report_pdf"),
    path("review/", views.block_review, name="review"),
    path("progress/advice/dismiss/", views.care_advice_dismiss, name="dismiss_advice"),
    path("settings/export/", views.export_json, name="export_json"),
    path("settings/export/sessions.csv", views.export_csv, name="export_csv"),
    path("settings/delete/", views.delete_account, name="delete_account"),
    # Access for a professional (tracking.sharing): the person's side...
    path("settings/sharing/", sharing_views.sharing_page, name="sharing"),
    path(
        "settings/sharing/<int:pk>/revoke/",
        sharing_views.access_revoke_view,
        name="access_revoke",
    ),
    path("settings/sharing/<int:pk>/renew/", sharing_views.access_renew_view, name="access_renew"),
    path(
        "settings/sharing/invitations/<int:pk>/withdraw/",
        sharing_views.invitation_withdraw_view,
        name="invitation_withdraw",
    ),
    path("today/notes/<int:pk>/hide/", sharing_views.care_note_hide_view, name="care_note_hide"),
    # ...the link in the invitation email...
    path("invitations/<str:token>/", sharing_views.invitation_view, name="invitation"),
    path(
        "invitations/<str:token>/signup/",
        sharing_views.invitation_signup,
        name="invitation_signup",
    ),
    # ...and the professional's.
    path("clients/", sharing_views.clients, name="clients"),
    path("clients/<int:pk>/", sharing_views.client_report, name="client"),
    path("clients/<int:pk>/report.pdf", sharing_views.client_pdf, name="client_pdf"),
    path("clients/<int:pk>/sessions/", sharing_views.client_sessions, name="client_sessions"),
    path("clients/<int:pk>/note/", sharing_views.client_note, name="client_note"),
]
