from django.urls import path

from .views import steps

app_name = "intake"

urlpatterns = [
    path("", steps.home, name="home"),
    path("review/", steps.review, name="review"),
    path("messages/", steps.message, name="message"),
    path("<slug:step>/", steps.step, name="step"),
]
