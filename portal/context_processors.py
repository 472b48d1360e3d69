from django.conf import settings


def site(request):
    """What every page's chrome needs: the clinic's name."""
    return {"clinic_name": settings.CLINIC_NAME}
