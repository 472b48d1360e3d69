from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from education.sitemaps import sitemaps as education_sitemaps
from intake.views import my_data

from . import admin_edges, forms, i18n, two_factor, views

admin.site.site_header = f"{settings.CLINIC_NAME} admin"
admin.site.site_title = settings.CLINIC_NAME
admin.site.index_title = "Content and intake review"
# The admin's side list of every model halves the width of a 1280-pixel screen; the home page
# lists them, and the queue needs the room.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("learn/", include("education.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": education_sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("intake/", include("intake.urls")),
    path("treatment/", include("treatment.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=forms.LoginForm),
        name="login",
    ),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/check-your-email/", views.signup_done, name="signup_done"),
    path(
        "accounts/signup/confirm/<uidb64>/<token>/",
        views.signup_confirm,
        name="signup_confirm",
    ),
    path(
        "accounts/password_reset/",
        views.PasswordResetView.as_view(
            form_class=forms.PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context={"clinic_name": settings.CLINIC_NAME},
        ),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/security/", two_factor.account_security, name="account_security"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/new-codes/",
        two_factor.new_recovery_codes,
        name="two_factor_new_codes",
    ),
    path("accounts/two-factor/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
    path("accounts/keep-alive/", two_factor.keep_alive, name="keep_alive"),
    path("accounts/my-data/", my_data.my_data, name="my_data"),
    path("accounts/my-data/my-data.json", my_data.download_json, name="my_data_json"),
    path("accounts/my-data/intake/<int:pk>/fhir.json", my_data.download_fhir, name="my_data_fhir"),
    path("accounts/my-data/delete/", my_data.delete_request, name="my_data_delete"),
    # Before the admin's own view_on_site (the same address): see portal/admin_edges.py.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_edges.view_on_site),
        name="view_on_site",
    ),
    path("admin/", admin.site.urls),
]
handler400 = "portal.admin_edges.bad_request"

handler500 = "portal.views.server_error"
