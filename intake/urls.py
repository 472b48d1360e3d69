from django.urls import path

from .views import documents, steps

app_name = "intake"

urlpatterns = [
    path("", steps.home, name="home"),
    path("review/", steps.review, name="review"),
    path("messages/", steps.message, name="message"),
    path("documents/", documents.documents, name="documents"),
    path("documents/<int:document_id>/", documents.document_file, name="document"),
    path("documents/<int:document_id>/remove/", documents.document_remove, name="document_remove"),
    path("<slug:step>/", steps.step, name="step"),
]
