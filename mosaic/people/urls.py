from django.urls import path

from mosaic.people import views

urlpatterns = [path("<str:ref>/", views.person_detail, name="person_detail")]
