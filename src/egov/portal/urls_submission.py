"""URL patterns of the online submission under /nop-ho-so/ (namespace "submission")."""

from django.urls import path

from egov.portal import views_submission as views

app_name = "submission"

urlpatterns = [
    path("", views.draft_list, name="drafts"),
    path("xong/<str:code>/", views.done, name="done"),
    path("nhap/<uuid:draft_id>/", views.resume, name="resume"),
    path("nhap/<uuid:draft_id>/to-khai/", views.form_step, name="form"),
    path("nhap/<uuid:draft_id>/giay-to/", views.papers_step, name="papers"),
    path("nhap/<uuid:draft_id>/tep/<int:file_id>/", views.download_file, name="file"),
    path("nhap/<uuid:draft_id>/tep/<int:file_id>/xoa/", views.remove_file, name="remove_file"),
    path("nhap/<uuid:draft_id>/kiem-tra/", views.review, name="review"),
    path("nhap/<uuid:draft_id>/xoa/", views.delete, name="delete"),
    path("<str:national_code>/", views.start, name="start"),
]
