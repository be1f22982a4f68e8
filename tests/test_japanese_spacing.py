"""No stray space between two Japanese sentences (QA of #14, finding 3).

Templates keep one element a line, so a sentence that ends a line and one that starts the next,
inside the same element, would be drawn with a space between them: 「…扱います。 メールアドレス…」.
Japanese puts no space after 。 or 」. Every page state of tests/pages.py is read as a browser
draws its text: the words of one block (a paragraph, a list item …) joined across inline tags,
runs of whitespace made one space, and the blocks apart.
"""

import re
from html.parser import HTMLParser

import pytest

from .pages import PAGES, open_page

pytestmark = pytest.mark.django_db

# Tags whose text flows on with the text around them; any other tag starts a new block.
INLINE = {"a", "abbr", "b", "code", "em", "i", "kbd", "label", "q", "s", "small", "span", "strong"}
HIDDEN = {"head", "script", "style", "template", "noscript", "svg", "textarea", "select"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff9f]"
STRAY_SPACE = re.compile(rf"[。」][ \t\r\n\u00a0]+(?={JAPANESE})")


class VisibleBlocks(HTMLParser):
    """The visible text of a page, one string a block."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def end_block(self):
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN or ("hidden" in dict(attrs) and tag not in VOID):
            self.hidden += 1
        elif tag not in INLINE:
            self.end_block()

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag not in INLINE:
            self.end_block()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def close(self):
        super().close()
        self.end_block()


def visible_blocks(html: str) -> list[str]:
    parser = VisibleBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def test_the_reader_sees_a_newline_in_a_paragraph_as_a_space_but_not_between_paragraphs():
    assert visible_blocks("<p>扱います。\n  <b>メール</b>アドレス</p>") == [
        "扱います。 メールアドレス"
    ]
    assert visible_blocks("<p>扱います。</p>\n<p>メール</p>") == ["扱います。", "メール"]


@pytest.mark.parametrize("page", [pytest.param(page, id=page.name) for page in PAGES])
def test_no_space_between_a_japanese_sentence_and_the_next(client, page):
    response = open_page(client, page)
    assert response.status_code == page.status
    stray = [
        block for block in visible_blocks(response.content.decode()) if STRAY_SPACE.search(block)
    ]
    assert not stray, f"a space after 。 or 」 before Japanese text: {stray}"
