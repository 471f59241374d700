from django.urls import path

from mosaic.conduct import views
from mosaic.risk import views as risk_views

urlpatterns = [
    path("queue/", views.queue, name="case_queue"),
    path("risk/", risk_views.dashboard, name="risk_dashboard"),
    path("<str:ref>/", views.course_detail, name="case_detail"),
    path("<str:ref>/reclassify/", views.course_reclassify_view, name="case_reclassify"),
    path("<str:ref>/record/", views.course_record_view, name="case_record"),
    path("<str:ref>/assessments/<str:tool>/", risk_views.assessment_form, name="case_assessment"),
    path("<str:ref>/orders/new/", risk_views.order_form, name="case_order"),
]
