from django.contrib.auth import views as auth_views
from django.urls import include, path

from mosaic.config.api import api

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("", include("mosaic.web.urls")),
    path("reports/", include("mosaic.narratives.urls")),
    path("reports/", include("mosaic.reports.urls")),
    path("people/", include("mosaic.people.urls")),
    path("cases/", include("mosaic.conduct.urls")),
    path("security/", include("mosaic.security.urls")),
    path("linking/", include("mosaic.linking.urls")),
    path("", include("mosaic.interchange.urls")),
]
