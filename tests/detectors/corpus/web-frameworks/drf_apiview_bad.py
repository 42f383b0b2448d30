# family: web-frameworks
# label: bad
# source: own
import subprocess

from rest_framework.response import Response
from rest_framework.views import APIView


class ArchiveView(APIView):
    def post(self, request, name):
        subprocess.run(f"tar czf /srv/archives/{name}.tgz /srv/data", shell=True)  # expect
        return Response({"archive": name})
