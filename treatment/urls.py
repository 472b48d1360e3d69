from django.urls import path

from .views import checkin, course

app_name = "treatment"

urlpatterns = [
    path("", course.course_page, name="course"),
    path("check-in/", checkin.check_in, name="check_in"),
    path("check-in/thanks/", checkin.check_in_thanks, name="check_in_thanks"),
    path("check-in/link/<str:token>/", checkin.check_in_link, name="check_in_link"),
]
