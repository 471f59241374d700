from django.urls import path

from mosaic.reports import views

urlpatterns = [
    path("new/", views.report_new, name="report_new"),
    path("search/", views.search_page, name="search"),
    path("<str:reference>/", views.report_detail, name="report_detail"),
]
