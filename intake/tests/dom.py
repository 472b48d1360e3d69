"""HTML as a comparable tree (element names, attribute sets and text, whitespace collapsed), and
the comparison of a form drawn by crispy-forms with the same form drawn by the portal's lean
field templates (portal/form_rendering.py)."""

import difflib
from html.parser import HTMLParser

from django.template import engines

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("#root", (), [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        # Each attribute once, its value with runs of spaces made one (class="a  b" is "a b").
        values = {}
        for name, value in attrs:
            assert name not in values, f"<{tag}> has {name} twice"
            values[name] = None if value is None else " ".join(value.split())
        node = (tag, tuple(sorted(values.items(), key=lambda item: item[0])), [])
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack[-1][0] == tag, f"</{tag}> closes <{self.stack[-1][0]}>"
        self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text:
            return
        children = self.stack[-1][2]
        if children and isinstance(children[-1], str):
            children[-1] = f"{children[-1]} {text}"
        else:
            children.append(text)


def dom(html):
    """The tree of an HTML fragment: (tag, ((attribute, value), ...), [children]) and strings."""
    tree = _Tree()
    tree.feed(str(html))
    tree.close()
    assert tree.stack == [tree.root], f"<{tree.stack[-1][0]}> is never closed"
    return tree.root


def lines(node, depth=0):
    """The tree as indented lines, for a readable diff when two trees differ."""
    if isinstance(node, str):
        return [f"{'  ' * depth}{node!r}"]
    tag, attrs, children = node
    out = [f"{'  ' * depth}<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"]
    for child in children:
        out.extend(lines(child, depth + 1))
    return out


CRISPY_FORM = "{% load crispy_forms_tags %}{{ form|crispy }}"
LEAN_FORM = "{{ form }}"
CRISPY_FIELDS = (
    "{% load crispy_forms_tags %}{% for field in form %}{{ field|as_crispy_field }}{% endfor %}"
)
LEAN_FIELDS = "{% for field in form %}{{ field.as_field_group }}{% endfor %}"


def render(source, form):
    return engines["django"].from_string(source).render({"form": form})


def assert_same_markup(reference, lean, what):
    expected, got = lines(dom(reference)), lines(dom(lean))
    diff = "\n".join(difflib.unified_diff(expected, got, "crispy", "lean", lineterm="", n=3))
    assert got == expected, f"{what}:\n{diff}"


def assert_forms_match(make_forms, what):
    """Draws fresh forms each time: drawing a field sets its widget's classes."""
    for crispy_template, lean_template, how in (
        (CRISPY_FORM, LEAN_FORM, "form"),
        (CRISPY_FIELDS, LEAN_FIELDS, "fields"),
    ):
        crispy_forms, lean_forms = make_forms(), make_forms()
        pairs = zip(crispy_forms, lean_forms, strict=True)
        for number, (crispy_form, lean_form) in enumerate(pairs):
            assert_same_markup(
                render(crispy_template, crispy_form),
                render(lean_template, lean_form),
                f"{what}, form {number}, {how}",
            )
