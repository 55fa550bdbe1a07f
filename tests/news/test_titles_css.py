import pytest

from masthead.news.models import PublicationPage

pytestmark = pytest.mark.django_db


def test_titles_css_gives_each_title_its_colour(client, group):
    response = client.get("/titles.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert ".pub-northern-courier{--pub-colour:#103366}" in css
    assert ".pub-harbour-herald{--pub-colour:#113366}" in css
    assert 'href="/titles.css?v=' in client.get("/").content.decode()


def test_titles_css_follows_a_published_colour_change(client, group):
    client.get("/titles.css")
    courier = PublicationPage.objects.get(pk=group.publications[0].pk)
    courier.colour = "#aa0000"
    courier.save_revision().publish()
    stylesheet_url = client.get("/").content.decode().split('href="/titles.css')[1].split('"')[0]
    assert ".pub-northern-courier{--pub-colour:#aa0000}" in client.get("/titles.css" + stylesheet_url).content.decode()


def test_a_malformed_colour_never_reaches_the_stylesheet(client, group):
    PublicationPage.objects.filter(pk=group.publications[0].pk).update(colour="}body{")
    css = client.get("/titles.css").content.decode()
    assert "body{" not in css
    assert ".pub-harbour-herald" in css
