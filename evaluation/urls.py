"""The evaluation's pages, under /evaluation/. Each part of the app has its own section (and views module)."""

from django.urls import path  # noqa: F401 (the sections below add their paths)

app_name = "evaluation"

urlpatterns = [
    # --- Schedule and question sets (views_schedule.py) ---
    # --- Recording interviews, consent and import (views_interviews.py) ---
    # --- Codebook, coding, theme counts and export (views_coding.py) ---
    # --- Service impact: audits and satisfaction; outcomes (views_impact.py) ---
    # --- Cohort overview and region (views_overview.py) ---
]
