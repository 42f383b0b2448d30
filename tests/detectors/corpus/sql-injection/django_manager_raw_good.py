# family: sql-injection
# label: good
# source: own
from django.shortcuts import render

from .models import Article


def tagged(request):
    tag = request.GET.get("tag", "")
    articles = Article.objects.raw(
        "SELECT a.* FROM blog_article a JOIN blog_tag t ON t.article_id = a.id "
        "WHERE t.name = %s ORDER BY a.published DESC",
        [tag],
    )
    return render(request, "blog/tagged.html", {"articles": articles, "tag": tag})
