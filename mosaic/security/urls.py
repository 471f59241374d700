from django.urls import path

from mosaic.security import mfa_views, reveal

urlpatterns = [
    path("mfa/enrol/", mfa_views.mfa_enrol, name="mfa_enrol"),
    path("mfa/verify/", mfa_views.mfa_verify, name="mfa_verify"),
    path("step-up/", mfa_views.step_up, name="step_up"),
    path(
        "reveal/<str:reference>/<int:mention_id>/<str:field>/",
        reveal.reveal,
        name="reveal",
    ),
]
