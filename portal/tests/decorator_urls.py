"""A URL configuration for test_decorators: the site's URLs plus two patient-only pages."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from portal.decorators import PatientRequiredMixin, patient_required
from portal.urls import urlpatterns as site_urlpatterns


@patient_required
def patient_page(request, number):
    return HttpResponse(f"hello {request.user.email} {number}")


class PatientPage(PatientRequiredMixin, View):
    def get(self, request):
        return HttpResponse(f"hello {request.user.email}")


urlpatterns = [
    path("patient-page/<int:number>/", patient_page, name="patient_page"),
    path("patient-class-page/", PatientPage.as_view(), name="patient_class_page"),
    *site_urlpatterns,
]
