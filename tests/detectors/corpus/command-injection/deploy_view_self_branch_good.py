# family: command-injection
# label: good
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
        subprocess.check_call(["git", "fetch", "origin"], cwd=self.repo_dir)
        return subprocess.call(["git", "checkout", "--", self.branch], cwd=self.repo_dir)
