from __future__ import annotations

from django.urls import path

from tracking import guided_views, views

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
]
