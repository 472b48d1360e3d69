from django.urls import path

from .views import checkin, course

app_name = "treatment"

urlpatterns = [
    path("", course.course_page, name="course"),
    path("check-in/", checkin.check_in, name="check_in"),
]
