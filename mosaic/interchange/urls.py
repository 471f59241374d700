from django.urls import path

from mosaic.interchange import views

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/<str:ref>/", views.import_job_detail, name="import_job_detail"),
    path(
        "import/<str:ref>/rejects.jsonl",
        views.import_job_rejects,
        {"kind": "lines"},
        name="import_job_rejects",
    ),
    path(
        "import/<str:ref>/reasons.csv",
        views.import_job_rejects,
        {"kind": "reasons"},
        name="import_job_reasons",
    ),
    path("export/", views.export_page, name="export"),
]
