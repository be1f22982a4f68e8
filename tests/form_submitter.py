"""What a browser would submit from a page's form, for the test client: the form's hidden fields,
checked boxes, selected options, and the pressed button's name (tests/pages.py's step 3)."""

from dataclasses import dataclass
from html.parser import HTMLParser


class FormSubmitter(HTMLParser):
    """The successful controls of each form of a page, as a browser submits them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None
        self._button = None

    @classmethod
    def find(cls, html: str, press: str) -> "_Form":
        parser = cls()
        parser.feed(html)
        for form in parser.forms:
            for button in form["buttons"]:
                if button["text"].strip() == press and not button["hidden"]:
                    return _Form(form, button)
        raise AssertionError(f"no form with a button 「{press}」")

    @classmethod
    def find_named(cls, html: str, name: str, value: str) -> "_Form":
        """The form whose button name=`name` value=`value` is pressed (a wizard's tab)."""
        parser = cls()
        parser.feed(html)
        for form in parser.forms:
            for button in form["buttons"]:
                if (button["name"], button["value"]) == (name, value):
                    return _Form(form, button)
        raise AssertionError(f"no form with a button {name}={value}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "controls": [], "buttons": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if name and kind not in ("submit", "button", "image", "reset"):
                # value="" sends ""; only a box without value="…" sends "on".
                default = "on" if kind in ("radio", "checkbox") else ""
                value = attrs.get("value", default)
                self._form["controls"].append((name, "" if value is None else value))
        elif tag == "select":
            self._select = {"name": name, "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            # An option without value="…" has its text as value.
            option = [attrs.get("value"), ""]
            self._select["options"].append(option)
            if "selected" in attrs:
                self._select["selected"] = option
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = {
                "name": name,
                "value": attrs.get("value", ""),
                "text": "",
                "hidden": attrs.get("aria-hidden") == "true",
            }
            self._form["buttons"].append(self._button)

    def handle_data(self, data):
        if self._select is not None and self._select["options"]:
            self._select["options"][-1][1] += data
        if self._button is not None:
            self._button["text"] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            select, self._select = self._select, None
            option = select["selected"] or (select["options"] or [None])[0]
            if select["name"] and option:
                value = option[0] if option[0] is not None else " ".join(option[1].split())
                self._form["controls"].append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["controls"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "button":
            self._button = None


@dataclass
class _Form:
    form: dict
    button: dict

    @property
    def action(self) -> str:
        return self.form["action"]

    def data(self, fill: dict) -> dict:
        """The form's own values, `fill` typed over them, and the pressed button."""
        data: dict[str, list[str]] = {}
        for name, value in self.form["controls"]:
            data.setdefault(name, []).append(value)
        for name, value in fill.items():
            data[name] = value if isinstance(value, list) else [value]
        if self.button["name"]:
            data[self.button["name"]] = [self.button["value"]]
        return data
