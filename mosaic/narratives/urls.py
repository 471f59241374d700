from django.urls import path

from mosaic.narratives import views

urlpatterns = [
    path("<str:reference>/tags/add/", views.tag_add_view, name="tag_add"),
    path("<str:reference>/tags/<int:tag_id>/review/", views.tag_review_view, name="tag_review"),
]
