# family: web-frameworks
# label: good
# source: own
import subprocess

from rest_framework.response import Response
from rest_framework.views import APIView


class ArchiveView(APIView):
    def post(self, request, name):
        if not name.isalnum():
            return Response({"error": "bad name"}, status=400)
        subprocess.run(["tar", "czf", f"/srv/archives/{name}.tgz", "/srv/data"], check=True)
        return Response({"archive": name})
