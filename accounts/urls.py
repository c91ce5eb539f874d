from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("api-nycklar/", views.tokens, name="tokens"),
    path("api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token-revoke"),
]
