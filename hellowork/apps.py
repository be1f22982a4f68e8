from django.apps import AppConfig


class HelloworkConfig(AppConfig):
    """The site-wide layer, below accounts and jobseeker (pyproject.toml's import-linter
    contracts): settings, URLs, the form renderer, the error summary, the language switch, the
    refused-form page and `manage.py compiletranslations`. It imports neither app; they register
    with it (hellowork.csrf.register_login_page)."""

    name = "hellowork"
