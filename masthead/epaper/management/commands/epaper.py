import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.core.dropfolder import DropFolderError
from masthead.epaper.actions import do_sanitise_stored_pdf, do_upload_edition
from masthead.epaper.jobs import import_drop_folder
from masthead.epaper.models import Edition
from masthead.epaper.processing import process_version
from masthead.epaper.render import PdfRejected
from masthead.news.models import PublicationPage


def find_publication(name):
    """A title by its slug, its name or its short name."""
    name = name.strip()
    matches = list(
        PublicationPage.objects.filter(Q(slug=name) | Q(title__iexact=name) | Q(short_name__iexact=name)).order_by(
            "path"
        )[:2]
    )
    if not matches:
        known = ", ".join(PublicationPage.objects.order_by("path").values_list("slug", flat=True))
        raise CommandError(f"No title called {name!r}. Titles: {known or 'none yet'}.")
    if len(matches) > 1:
        raise CommandError(f"More than one title matches {name!r}; use its slug.")
    return matches[0]


class Command(BaseCommand):
    help = "E-paper editions: import a PDF as an edition, or take in the printer's drop folder."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importer = subcommands.add_parser("import", help="Import TITLE's edition of DATE (YYYY-MM-DD) from FILE.pdf.")
        importer.add_argument("title", help="The title's slug or name.")
        importer.add_argument("date", help="The edition's date, YYYY-MM-DD.")
        importer.add_argument("file", help="The edition's PDF.")
        importer.add_argument(
            "--background", action="store_true", help="Queue the processing for the worker instead of waiting."
        )
        subcommands.add_parser("drop", help="Import the PDFs waiting in the drop folder now.")
        subcommands.add_parser(
            "sanitise", help="Give editions stored before downloads were sanitised their sanitised PDF (once each)."
        )

    def handle(self, *args, subcommand, **options):
        if subcommand == "sanitise":
            return self.sanitise()
        if subcommand == "drop":
            try:
                report = import_drop_folder()
            except DropFolderError as error:
                raise CommandError(str(error)) from None
            for line in report:
                self.stdout.write(line)
            return
        self.import_edition(options["title"], options["date"], options["file"], background=options["background"])

    def sanitise(self):
        editions = list(Edition.objects.published().select_related("publication").order_by("date", "pk"))
        refused = 0
        with self._progress() as progress:
            bar = progress.add_task("Sanitising stored PDFs", total=len(editions))
            for edition in editions:
                try:
                    removed = do_sanitise_stored_pdf(edition)
                except PdfRejected as rejection:
                    refused += 1
                    self.stdout.write(f"refused   {edition}: {rejection.message}")
                else:
                    if removed is None:
                        self.stdout.write(f"unchanged {edition}")
                    else:
                        found = ", ".join(removed.lines()) or "nothing active"
                        self.stdout.write(f"sanitised {edition}: removed {found}")
                progress.update(bar, advance=1)
        if refused:
            raise CommandError(f"{refused} edition(s) could not be sanitised; replace their PDF in the admin.")

    def _progress(self):
        return Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=not self.stdout.isatty(),
        )

    def import_edition(self, title, date, file, *, background):
        publication = find_publication(title)
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"{date!r} is not a date; write it as YYYY-MM-DD.") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            edition = do_upload_edition(
                publication=publication, date=day, source=path, file_name=path.name, enqueue=background
            )
        except PdfRejected as rejection:
            raise CommandError(f"{path.name} was refused: {rejection.message}") from None
        if background:
            self.stdout.write(f"Queued {edition} ({edition.job_pages_total} pages) for the worker.")
            return
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=None,
            transient=False,
            disable=not self.stdout.isatty(),
        ) as progress:
            bar = progress.add_task(f"{edition}", total=edition.job_pages_total)
            published = process_version(
                edition.pk, edition.job_token, on_progress=lambda done, total: progress.update(bar, completed=done)
            )
        if published is None:
            edition.refresh_from_db()
            raise CommandError(
                f"{path.name} could not be processed: {edition.job_error or 'it was replaced meanwhile'}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {published}: {published.page_count} pages in {published.job_seconds:.1f} s "
                f"({published.get_absolute_url()})"
            )
        )
