from django.urls import path

from . import views

app_name = "backup"

urlpatterns = [
    path("export/json", views.export_json, name="export-json"),
    path("export/csv", views.export_csv, name="export-csv"),
    path("export/fhir", views.export_fhir, name="export-fhir"),
    path("import/", views.import_backup, name="import"),
]
