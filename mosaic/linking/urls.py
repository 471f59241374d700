from django.urls import path

from mosaic.linking import views

urlpatterns = [
    path("review/", views.review_queue, name="linking_review"),
    path("decisions/<int:pk>/confirm/", views.decision_confirm, name="linking_confirm"),
    path("decisions/<int:pk>/reject/", views.decision_reject, name="linking_reject"),
    path("people/<str:ref>/merge/", views.merge, name="linking_merge"),
    path("people/<str:ref>/split/", views.split, name="linking_split"),
]
