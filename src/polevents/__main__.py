from polevents.cli import app

app()
