from django.urls import path  # noqa: F401 — each block below appends its pages

import core.converters  # noqa: F401 — registers <fmt:…>

app_name = "portfolio"

# One block per part of issue 12, each importing its own views and appending its pages.
urlpatterns = []

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
