# family: ldap-xpath-injection
# label: bad
# source: own
from flask import Flask, request
from lxml import etree


app = Flask(__name__)


@app.route("/books", methods=["GET", "POST"])
def books_by():
    value = request.args.get("author", "")
    tree = etree.parse("/srv/catalog.xml")
    books = tree.xpath("//book[author='" + value + "']/title/text()")  # expect
    return {"titles": [str(b) for b in books]}
