from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_the_site_is_looked_up_once_and_follows_an_edit(client, group):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any('"wagtailcore_site"' in query["sql"] for query in queries.captured_queries)

    group.site.root_page = group.publications[1]
    group.site.save()
    response = client.get("/")
    assert response.status_code == 200
    assert b"The Harbour Herald" in response.content
    assert response.context["page"].pk == group.publications[1].pk


def test_an_unknown_host_still_gets_the_default_site(client, group):
    response = client.get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 200
    assert response.context["page"].pk == group.home.pk
