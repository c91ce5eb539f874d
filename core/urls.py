from django.urls import path, re_path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.audit_log_export, name="audit-log-export"),
    path("sammanfattning.json", views.audit_digest, name="audit-digest"),
]
