# family: command-injection
# label: bad
# source: own
import subprocess

from django.http import JsonResponse
from django.views import View


class DeployView(View):
    repo_dir = "/srv/app"

    def post(self, request):
        self.branch = request.POST.get("branch", "main")
        return JsonResponse({"ok": self._checkout() == 0})

    def _checkout(self):
        cmd = f"cd {self.repo_dir} && git fetch origin && git checkout {self.branch}"
        return subprocess.call(cmd, shell=True)  # expect
