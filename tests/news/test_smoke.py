from tests.factories import make_article


def test_article_page_shows_headline_and_body(client, group):
    article = make_article(group.section, "Harbour wall to be rebuilt", access_level="free")
    response = client.get(article.url)
    assert response.status_code == 200
    assert b"Harbour wall to be rebuilt" in response.content
    assert b"Second paragraph" in response.content


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
