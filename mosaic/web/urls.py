from django.urls import path

from mosaic.web import views

urlpatterns = [path("", views.home, name="home")]
