# family: path-traversal
# label: bad
# source: own
from django.http import JsonResponse
from pathlib import Path


def show_template(request):
    value = request.POST["name"]
    text = (Path("/srv/templates") / value).read_text()  # expect
    return {"template": text}
