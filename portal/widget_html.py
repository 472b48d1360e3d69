"""The patient forms' widgets drawn in Python: the markup of Django's widget templates
(django/forms/widgets/input.html, textarea.html, select.html, select_option.html, attrs.html) and
of the date's three boxes (portal/widgets/memorable_date.html), without the template engine.

A field of the intake draws its widget on every page; through the templates, most of that time
went to the engine itself (variable lookups, loops, includes), not to the markup. Each function
here takes the context a widget's get_context() gives its template (``context["widget"]``) and
prints what the template prints, escaped the same way; intake/tests/test_field_rendering.py
compares the result with crispy-forms', which draws the widgets through Django's templates.
"""

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def text(value):
    """What a template prints for ``{{ value }}``: the value localized (a number), made a string,
    then escaped unless it is safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def attributes(attrs):
    """django/forms/widgets/attrs.html: ` name="value"` for each attribute, ` name` alone for
    True, nothing for False."""
    return mark_safe(  # noqa: S308 (each name and value escaped)
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def draw_input(widget):
    """django/forms/widgets/input.html: text, number, email, hidden inputs and the checkbox."""
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        text(widget["type"]),
        text(widget["name"]),
        "" if value is None else format_html(' value="{}"', value),
        attributes(widget["attrs"]),
    )


def draw_textarea(widget):
    """django/forms/widgets/textarea.html (the newline after <textarea> is the template's: a
    browser drops it)."""
    value = widget["value"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        text(widget["name"]),
        attributes(widget["attrs"]),
        text(value) if value else "",
    )


def draw_option(option):
    """django/forms/widgets/select_option.html."""
    return format_html(
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
            parts.append(format_html('\n  <optgroup label="{}">', text(group)))
        parts.extend(format_html("\n  {}", draw_option(option)) for option in options)
        if group:
            parts.append("\n  </optgroup>")
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        text(widget["name"]),
        attributes(widget["attrs"]),
        mark_safe("".join(parts)),  # noqa: S308 (each part drawn by format_html)
    )


def draw_memorable_date(widget):
    """portal/widgets/memorable_date.html: each of the date's boxes under its label (Month, Day,
    Year)."""
    return format_html(
        '<div class="date-parts d-flex flex-wrap gap-3">{}\n</div>',
        format_html_join(
            "",
            '\n  <div class="date-part-group">\n'
            '    <label class="form-label small mb-1" for="{}">{}</label>\n'
            "    {}\n"
            "  </div>",
            (
                (text(part["attrs"].get("id", "")), text(part["part_label"]), draw_widget(part))
                for part in widget["subwidgets"]
            ),
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
