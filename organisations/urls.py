from django.urls import path

from . import views, views_edit

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    # Maintained in the app (issue 13): organisations, domains, memberships.
    path("ny/", views_edit.organisation_create, name="create"),
    path("<int:pk>/andra/", views_edit.organisation_edit, name="edit"),
    path("<int:pk>/historik/", views_edit.organisation_history, name="history"),
    path("<int:pk>/medlemmar/", views_edit.membership_list, name="memberships"),
    path("medlemskap/<int:pk>/andra/", views_edit.membership_edit, name="membership-edit"),
    path("medlemskap/<int:pk>/ta-bort/", views_edit.membership_delete, name="membership-delete"),
    path("domaner/", views_edit.domain_list, name="domains"),
    path("domaner/ny/", views_edit.domain_create, name="domain-create"),
    path("domaner/<int:pk>/", views_edit.domain_detail, name="domain"),
    path("domaner/<int:pk>/andra/", views_edit.domain_edit, name="domain-edit"),
    path("domaner/<int:pk>/historik/", views_edit.domain_history, name="domain-history"),
    path("domaner/<int:pk>/ta-bort/", views_edit.domain_delete, name="domain-delete"),
]
