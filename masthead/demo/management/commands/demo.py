from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from masthead.demo import loader


class Command(BaseCommand):
    help = (
        "Load the demo group (four fictional titles, about 2,000 articles, demo accounts) when the database has "
        "none yet; always ensure the demo accounts and run the registered demo extras."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=loader.DEFAULT_SEED, help="Same seed, same stories.")
        parser.add_argument("--articles", type=int, default=loader.DEFAULT_ARTICLES, help="How many articles.")
        parser.add_argument(
            "--pictures", type=int, default=loader.DEFAULT_PICTURES, help="How many pictures to paint and reuse."
        )

    def handle(self, *args, seed, articles, pictures, **options):
        if articles < 0 or pictures < 0:
            raise CommandError("--articles and --pictures must be zero or more.")
        console = Console(file=self.stdout, highlight=False)
        if not console.is_terminal:
            console = Console(file=self.stdout, highlight=False, width=140)
        context = loader.load_demo(
            seed=seed, articles=articles, picture_count=pictures, console=console, stdout=self.stdout
        )
        url = loader.site_url()
        table = Table(title=f"Masthead demo: {context.home.title}, {context.articles_count} articles")
        for column in ("Who", "Email", "Password", "Where"):
            table.add_column(column)
        for who, email, password, where in loader.summary_rows(context.readers):
            table.add_row(who, email, password, f"{url}{where}")
        console.print(table)
        console.print(f"Site: [bold]{url}/[/]   Admin: [bold]{url}/admin/[/]  ({loader.ADMIN_EMAIL})")
