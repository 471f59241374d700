from django.urls import path

from mosaic.security import break_glass, mfa_views, oversight, reveal

urlpatterns = [
    path("mfa/enrol/", mfa_views.mfa_enrol, name="mfa_enrol"),
    path("mfa/verify/", mfa_views.mfa_verify, name="mfa_verify"),
    path("step-up/", mfa_views.step_up, name="step_up"),
    path("break-glass/", break_glass.break_glass, name="break_glass"),
    path("notices/", break_glass.notices, name="security_notices"),
    path("audit/", oversight.trail, name="audit_trail"),
    path("audit/<str:target_type>/<str:ref>/", oversight.seen_by, name="seen_by"),
    path(
        "reveal/<str:reference>/<int:mention_id>/<str:field>/",
        reveal.reveal,
        name="reveal",
    ),
]
