from django.urls import path

from .views import consent, documents, steps

app_name = "intake"

urlpatterns = [
    path("", steps.home, name="home"),
    path("review/", steps.review, name="review"),
    path("messages/", steps.message, name="message"),
    path("documents/", documents.documents, name="documents"),
    path("documents/<int:document_id>/", documents.document_file, name="document"),
    path("documents/<int:document_id>/remove/", documents.document_remove, name="document_remove"),
    path("records/", consent.release, name="release"),
    path("guardian/", consent.guardian, name="guardian"),
    path("tms-consent/", consent.tms_consent, name="tms_consent"),
    path("<slug:step>/", steps.step, name="step"),
]
