from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from masthead.news.models import PublicationPage, SectionPage
from masthead.wire.actions import do_ingest_wire_item
from masthead.wire.formats import WireFormatError, parse_wire_file

MAX_WIRE_FILE_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Agency copy. `masthead wire ingest FILE... --section TITLE/SECTION` makes drafts for editors to review."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        ingest = subcommands.add_parser("ingest", help="Read ninjs or NewsML-G2 files into draft articles.")
        ingest.add_argument("files", nargs="+", help="Wire files (.json ninjs, .xml NewsML-G2).")
        ingest.add_argument("--section", required=True, help="Where drafts go, as title-slug/section-slug.")

    def handle(self, *args, subcommand, files, section, **options):
        target = self._section(section)
        counts = {"created": 0, "updated": 0, "skipped": 0, "rejected": 0}
        with Progress(console=None, transient=True) as progress:
            task = progress.add_task("Ingesting wire copy", total=len(files))
            for name in files:
                path = Path(name)
                try:
                    format_name, items = parse_wire_file(self._read(path), max_bytes=MAX_WIRE_FILE_BYTES)
                except WireFormatError as error:
                    counts["rejected"] += 1
                    self.stderr.write(f"{path.name}: rejected: {error}")
                    progress.advance(task)
                    continue
                for item in items:
                    received = do_ingest_wire_item(item, section=target, format_name=format_name)
                    counts[received.status] += 1
                    self.stdout.write(f"{path.name}: {received.get_status_display()}: {item.headline}")
                progress.advance(task)
        self.stdout.write(", ".join(f"{count} {label}" for label, count in counts.items()))
        if counts["rejected"] and not (counts["created"] or counts["updated"] or counts["skipped"]):
            raise CommandError("No file could be read.")

    def _read(self, path):
        try:
            if path.stat().st_size > MAX_WIRE_FILE_BYTES:
                raise WireFormatError(f"larger than {MAX_WIRE_FILE_BYTES // (1024 * 1024)} MB")
            return path.read_bytes()
        except OSError as error:
            raise WireFormatError(f"cannot read the file ({error.strerror})") from None

    def _section(self, value):
        title_slug, _, section_slug = value.partition("/")
        publication = PublicationPage.objects.filter(slug=title_slug).first()
        if publication is None:
            raise CommandError(f"No title with the slug {title_slug!r}.")
        section = SectionPage.objects.child_of(publication).filter(slug=section_slug).first()
        if section is None:
            raise CommandError(f"{publication.title} has no section {section_slug!r}.")
        return section
