from django.urls import path

from . import views

app_name = "education"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # Before the question pattern: "search" is reserved and never a question's slug.
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.QuestionView.as_view(), name="question"),
    path("<slug:question_slug>/<slug:slug>/", views.ArticleView.as_view(), name="article"),
]
