"""What a browser would submit from an admin page's form: read from its HTML, so a test posts
exactly what the page offers (inline rows and their management forms included)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Formulario(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.dentro = False
        self.campos: dict[str, list[str]] = {}
        self._texto: str | None = None
        self._select: tuple[str, bool] | None = None  # name, multiple
        self._primera: dict[str, str] = {}
        self._inicio = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.dentro = a.get("id") == self.form_id
        if not self.dentro or not (a.get("name") or tag == "option"):
            return
        if tag == "input":
            tipo = (a.get("type") or "text").lower()
            if tipo in ("submit", "button", "file", "image", "reset"):
                return
            if tipo in ("checkbox", "radio") and "checked" not in a:
                return
            valor = a.get("value", "on") if tipo == "checkbox" else a.get("value") or ""
            self.campos.setdefault(a["name"], []).append(valor)
        elif tag == "textarea":
            self._texto = a["name"]
            self._inicio = True
            self.campos[a["name"]] = [""]
        elif tag == "select":
            self._select = (a["name"], "multiple" in a)
            self.campos.setdefault(a["name"], [])
        elif tag == "option" and self._select:
            nombre, multiple = self._select
            self._primera.setdefault(nombre, a.get("value", ""))
            if "selected" in a:
                anteriores = self.campos[nombre] if multiple else []
                self.campos[nombre] = [*anteriores, a.get("value", "")]

    def handle_endtag(self, tag):
        if tag == "form":
            self.dentro = False
        elif tag == "textarea":
            self._texto = None
        elif tag == "select" and self._select:
            nombre, multiple = self._select
            if not multiple and not self.campos[nombre]:
                self.campos[nombre] = [self._primera.get(nombre, "")]  # as a browser does
            self._select = None

    def handle_data(self, data):
        if self._texto and self.dentro:
            if self._inicio:  # a browser drops the newline that opens a <textarea>
                data, self._inicio = data.removeprefix("\n"), False
            self.campos[self._texto][-1] += data


def datos(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of the form `form_id` (the admin's change form is «<model_name>_form»)."""
    parser = _Formulario(form_id)
    parser.feed(html)
    if not parser.campos:
        raise AssertionError(f"La página no tiene el formulario «{form_id}».")
    return parser.campos
