# family: web-frameworks
# label: bad
# source: own
from flask import Blueprint, request
from markupsafe import Markup

bp = Blueprint("comments", __name__)


def login_required(view):
    return view


@bp.route("/comments/preview", methods=["POST"])
@login_required
def preview():
    data = request.get_json(force=True)
    fields = {"author": data.get("author", "anonymous"), "text": data["text"]}
    return Markup("<article><h4>{}</h4><p>%s</p></article>".format(fields["author"]) % fields["text"])  # expect
