"""`masthead search reindex`: rebuild the reader-facing article index."""

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from masthead.search import indexing
from masthead.search.backends import backend_path


class Command(BaseCommand):
    help = "Reader-facing search. 'reindex' rebuilds the article index from every live, public article."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"], help="reindex: rebuild the article index")

    def handle(self, *args, action, **options):
        console = Console(file=self.stdout, force_terminal=None)
        console.print(f"Rebuilding the article index ({backend_path().rsplit('.', 1)[-1]})")
        columns = (TextColumn("Indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            bar = progress.add_task("articles", total=None)

            def on_progress(done, total):
                progress.update(bar, completed=done, total=total)

            count = indexing.reindex_all(on_progress=on_progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} article{'s' if count != 1 else ''}."))
