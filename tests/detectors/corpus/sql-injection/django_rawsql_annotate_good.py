# family: sql-injection
# label: good
# source: bandit examples/django_sql_injection_raw.py (Apache-2.0), ported into a view
from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from .models import Listing


def nearby(request):
    lat = request.GET["lat"]
    lon = request.GET["lon"]
    distance = RawSQL(
        "earth_distance(ll_to_earth(%s, %s), ll_to_earth(latitude, longitude))",
        [float(lat), float(lon)],
    )
    listings = Listing.objects.annotate(distance=distance).order_by("distance")[:25]
    return JsonResponse({"ids": [item.id for item in listings]})
