from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("avvikelser/<int:pk>/", views.deviation_detail, name="deviation"),
]

# The digitalisation grade and the register's computed figures (views_grade.py).
from . import views_grade  # noqa: E402

urlpatterns += [
    path("digitaliseringsgrad/", views_grade.grade_page, name="grade"),
    path("digitaliseringsgrad/vikter/", views_grade.grade_weights, name="grade-weights"),
    path("digitaliseringsgrad/kopiera/", views_grade.grade_copy, name="grade-copy"),
    path("digitaliseringsgrad/indikatorer/", views_grade.grade_indicator_options, name="grade-indicator-options"),
    path("registerindikatorer/", views_grade.computed_page, name="computed"),
    path("registerindikatorer/berakna/", views_grade.compute_now, name="compute-now"),
]
