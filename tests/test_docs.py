"""The README and docs/ stand alone: they link only inside the repository, and they stay true
about the settings and the two commands a newcomer runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted(ROOT.glob("docs/*.md"))]
# The development server bin/run starts, and placeholders such as https://<host>/ or https://…
LOCAL_URL = re.compile(r"https?://(127\.0\.0\.1|localhost|\[::1\]|[^\s/]*<|…)")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_document_links_only_to_files_of_the_repository(document):
    text = document.read_text()
    outside = [url for url in re.findall(r"https?://[^\s)`>\]]+", text) if not LOCAL_URL.match(url)]
    assert not outside, f"links outside the repository: {outside}"
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if LOCAL_URL.match(target):
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{target} is outside the repository"
        assert path.exists(), f"{target} does not exist"
    assert "../shared" not in text


def test_every_environment_variable_read_is_in_the_settings_table():
    read = set()
    for module in ("hellowork/settings.py", "hellowork/gunicorn.conf.py"):
        source = (ROOT / module).read_text()
        read |= set(re.findall(r"(?:environ\.get|env_bool|env_list)\(\s*\"([A-Z_]+)\"", source))
    assert {"DEBUG", "SECRET_KEY", "BIND", "WEB_CONCURRENCY"} <= read  # the pattern finds them
    lines = (ROOT / "docs" / "operations.md").read_text().splitlines()
    rows = [line for line in lines if line.startswith("| `")]
    missing = sorted(name for name in read if not any(f"`{name}`" in row for row in rows))
    assert not missing, f"not in docs/operations.md's table: {missing}"


def test_the_readme_gives_a_newcomer_two_commands():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert [command.strip() for command in commands] == ["bin/run", "bin/test"]
