"""The POST forms of a page, read from its HTML as a browser would: action, fields, defaults and options."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = {
    "text",
    "email",
    "tel",
    "number",
    "date",
    "time",
    "datetime-local",
    "password",
    "search",
    "url",
    "",
}


@dataclass
class PageForm:
    action: str
    multipart: bool = False
    text: list[str] = field(default_factory=list)  # fields a person types into
    fixed: dict[str, str] = field(default_factory=dict)  # hidden fields, as the page set them
    choices: dict[str, list[str]] = field(default_factory=dict)  # selects, radios and checkboxes
    files: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = PageForm(
                    action=a.get("action") or self.page_url,
                    multipart="multipart" in a.get("enctype", ""),
                )
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            if tag == "option" and form is not None and self._select:
                form.choices[self._select].append(a.get("value", ""))
            return
        kind = a.get("type", "text").lower()
        if tag == "textarea" or (tag == "input" and kind in TEXT_TYPES):
            form.text.append(name)
        elif tag == "input" and kind == "hidden":
            form.fixed[name] = a.get("value", "")
        elif tag == "input" and kind in ("radio", "checkbox"):
            form.choices.setdefault(name, []).append(a.get("value", "y"))
        elif tag == "input" and kind == "file":
            form.files.append(name)
        elif tag == "select":
            self._select = name
            form.choices.setdefault(name, [])

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_url: str) -> list[PageForm]:
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms
