"""Background work for the e-paper, run by `masthead worker`."""

from django_tasks import task


@task()
def process_edition(edition_id: int, token: str):
    from masthead.epaper.processing import process_version

    edition = process_version(edition_id, token)
    return edition.pk if edition else None
