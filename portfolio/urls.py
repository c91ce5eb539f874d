from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "portfolio"

# One block per part of issue 12, each importing its own views and appending its pages.
urlpatterns = []

# Initiatives and value before money (views.py, issue 12 points 1–2)
from . import views  # noqa: E402 — each block imports its own views

urlpatterns += [
    path("initiativ/", views.initiative_list, name="initiatives"),
    path("initiativ/export.<fmt:fmt>", views.initiative_export, name="initiative-export"),
    path("initiativ/nytt/", views.initiative_create, name="initiative-create"),
    path("initiativ/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiativ/<int:pk>/andra/", views.initiative_edit, name="initiative-edit"),
    path("initiativ/<int:pk>/historik/", views.initiative_history, name="initiative-history"),
    path("initiativ/<int:pk>/status/", views.status_change, name="initiative-status"),
    path("initiativ/<int:pk>/tjanster/ny/", views.service_add, name="initiative-service-add"),
    path("initiativ/tjanster/<int:pk>/ta-bort/", views.service_remove, name="initiative-service-remove"),
    path("initiativ/<int:pk>/nyttor/ny/", views.benefit_add, name="benefit-add"),
    path("initiativ/nyttor/<int:pk>/ta-bort/", views.benefit_remove, name="benefit-remove"),
    path("initiativ/<int:pk>/kostnader/ny/", views.cost_add, name="cost-add"),
    path("initiativ/kostnader/<int:pk>/ta-bort/", views.cost_remove, name="cost-remove"),
    path("initiativ/<int:pk>/vardering/", views.assess, name="assess"),
    path("initiativ/<int:pk>/investeringsbeslut/", views.decide, name="decide"),
    path("kriterier/", views.criteria, name="criteria"),
    path("kriterier/nytt/", views.criterion_edit, name="criterion-create"),
    path("kriterier/<int:pk>/", views.criterion_edit, name="criterion-edit"),
    path("kriterier/vikter/<int:year>/", views.weights, name="weights"),
]

# Ranking across the region (issue 12 point 3) -------------------------------------------------------------------
from . import views_ranking  # noqa: E402

urlpatterns += [
    path("prioritering/", views_ranking.ranking_latest, name="ranking"),
    path("prioritering/<int:year>/", views_ranking.ranking, name="ranking-year"),
    path("prioritering/<int:year>/export.<fmt:fmt>", views_ranking.ranking_export, name="ranking-export"),
    path("prioritering/<int:year>/placering/<int:initiative_pk>/", views_ranking.placement,
         name="ranking-placement"),
    path("prioritering/<int:year>/besluta/", views_ranking.decide, name="ranking-decide"),
    path("prioritering/<int:year>/beslut/<int:pk>/", views_ranking.decided, name="ranking-decided"),
]

# Benefit follow-up (issue 12 point 4) ----------------------------------------------------------------------------
from . import views_followup  # noqa: E402

urlpatterns += [
    path("uppfoljning/", views_followup.followup, name="followup"),
    path("uppfoljning/export.<fmt:fmt>", views_followup.followup_export, name="followup-export"),
    path("uppfoljning/import/", views_followup.followup_import, name="followup-import"),
    path("uppfoljning/<int:pk>/", views_followup.followup_initiative, name="followup-initiative"),
    path("uppfoljning/<int:pk>/utfall/", views_followup.outcome_record, name="followup-outcome"),
    path("uppfoljning/<int:pk>/kostnad/", views_followup.cost_record, name="followup-cost"),
]
