"""The patient forms' widgets drawn in Python: the markup of Django's widget templates
(django/forms/widgets/input.html, textarea.html, select.html, select_option.html, attrs.html) and
of the date's three boxes (portal/widgets/memorable_date.html), without the template engine.

A field of the intake draws its widget on every page; through the templates, most of that time
went to the engine itself (variable lookups, loops, includes), not to the markup. Each function
here takes the context a widget's get_context() gives its template (``context["widget"]``) and
prints what the template prints, escaped the same way; intake/tests/test_field_rendering.py
compares the result with crispy-forms', which draws the widgets through Django's templates.
"""

from html import escape

from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString


def esc(value):
    """django.utils.html.conditional_escape(), without the lazy-text wrappers of its escape() and
    mark_safe() (most of its time, for hundreds of values a page): safe text as it is, anything
    else made a string and escaped (& < > " ')."""
    # The two common cases first: markup drawn here, and plain text.
    if type(value) is SafeString:
        return value
    if type(value) is str:
        return SafeString(escape(value))
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return SafeString(escape(str(value)))


def html(template, *args):
    """django.utils.html.format_html() the same way: ``template`` filled with each of ``args``
    escaped (unless safe), the result safe."""
    return SafeString(template.format(*map(esc, args)))


def text(value):
    """What a template prints for ``{{ value }}``: the value localized (a number), made a string,
    then escaped unless it is safe."""
    value = localize(value)
    return esc(value if isinstance(value, str) else str(value))


def attributes(attrs):
    """django/forms/widgets/attrs.html: ` name="value"` for each attribute, ` name` alone for
    True, nothing for False."""
    return SafeString(
        "".join(
            f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def draw_input(widget):
    """django/forms/widgets/input.html: text, number, email, hidden inputs and the checkbox."""
    value = widget["value"]
    return html(
        '<input type="{}" name="{}"{}{}>',
        text(widget["type"]),
        text(widget["name"]),
        "" if value is None else html(' value="{}"', value),
        attributes(widget["attrs"]),
    )


def draw_textarea(widget):
    """django/forms/widgets/textarea.html (the newline after <textarea> is the template's: a
    browser drops it)."""
    value = widget["value"]
    return html(
        '<textarea name="{}"{}>\n{}</textarea>',
        text(widget["name"]),
        attributes(widget["attrs"]),
        text(value) if value else "",
    )


def draw_option(option):
    """django/forms/widgets/select_option.html."""
    return html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        attributes(option["attrs"]),
        text(option["label"]),
    )


def draw_select(widget):
    """django/forms/widgets/select.html: the options, in their <optgroup> when they have one."""
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(html('\n  <optgroup label="{}">', text(group)))
        parts.extend(html("\n  {}", draw_option(option)) for option in options)
        if group:
            parts.append("\n  </optgroup>")
    return html(
        '<select name="{}"{}>{}\n</select>',
        text(widget["name"]),
        attributes(widget["attrs"]),
        SafeString("".join(parts)),  # each part drawn by html()
    )


def draw_memorable_date(widget):
    """portal/widgets/memorable_date.html: each of the date's boxes under its label (Month, Day,
    Year)."""
    return html(
        '<div class="date-parts d-flex flex-wrap gap-3">{}\n</div>',
        SafeString(
            "".join(
                html(
                    '\n  <div class="date-part-group">\n'
                    '    <label class="form-label small mb-1" for="{}">{}</label>\n'
                    "    {}\n"
                    "  </div>",
                    text(part["attrs"].get("id", "")),
                    text(part["part_label"]),
                    draw_widget(part),
                )
                for part in widget["subwidgets"]
            )
        ),
    )


# The widget templates drawn here, by name; any other widget is drawn by its own template.
DRAWERS = {
    "django/forms/widgets/text.html": draw_input,
    "django/forms/widgets/number.html": draw_input,
    "django/forms/widgets/email.html": draw_input,
    "django/forms/widgets/hidden.html": draw_input,
    "django/forms/widgets/checkbox.html": draw_input,
    "django/forms/widgets/textarea.html": draw_textarea,
    "django/forms/widgets/select.html": draw_select,
    "portal/widgets/memorable_date.html": draw_memorable_date,
}


def can_draw(widget):
    return widget.template_name in DRAWERS


def draw_widget(widget):
    """A widget's markup from its template context (``get_context(...)["widget"]``)."""
    return DRAWERS[widget["template_name"]](widget)
