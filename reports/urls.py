from django.urls import path

from . import share, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_page, name="report"),
    path("reports/doctor/", views.doctor_report, name="doctor"),
    path("reports/doctor.pdf", views.doctor_pdf, name="doctor-pdf"),
    path("reports/export.csv", views.export_csv, name="export-csv"),
    path("reports/chart/<slug:name>.svg", views.chart_svg, name="chart"),
    path("reports/share/", share.share_links, name="share"),
    path("reports/share/<int:pk>/revoke/", share.revoke_link, name="share-revoke"),
    path("s/<str:token>/", share.shared_report, name="shared"),
]
