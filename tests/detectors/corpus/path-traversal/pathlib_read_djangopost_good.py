# family: path-traversal
# label: good
# source: own
from django.http import JsonResponse
from pathlib import Path


def show_template(request):
    value = request.POST["name"]
    name = value if value.isalnum() else 'default'
    text = (Path("/srv/templates") / name).read_text()
    return {"template": text}
