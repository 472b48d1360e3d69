from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from education.sitemaps import sitemaps as education_sitemaps

from . import views

admin.site.site_header = f"{settings.CLINIC_NAME} admin"
admin.site.site_title = settings.CLINIC_NAME
admin.site.index_title = "Content and intake review"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("learn/", include("education.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": education_sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("intake/", include("intake.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"
