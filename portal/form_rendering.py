"""The patient forms' fields in Bootstrap 5 markup, drawn in Python instead of templates.

The markup is crispy-forms' Bootstrap 5 markup (the same elements, attributes, ids, classes,
labels, help texts and error messages; intake/tests/test_field_rendering.py renders every intake
step both ways and compares them). crispy draws a field through half a dozen nested templates,
with many conditions for layouts these forms never use; a lean template per field was faster,
but the template engine itself (variable lookups, loops, includes, and Django's own widget
templates under them) still took most of a step page's time. Here a field is a few html()
calls, and its widget is drawn by portal/widget_html.py; each value is escaped as the templates
escaped it (help texts are printed as they are, as crispy's ``|safe`` does).

A form takes it with ``default_renderer = FIELD_RENDERER``; then ``{{ form }}`` draws every field
(after the errors that belong to no one field) and ``{{ form.name.as_field_group }}`` one field.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import unordered_list
from django.utils.formats import localize
from django.utils.safestring import SafeString

from .widget_html import attributes, can_draw, draw_widget, html, text

ASTERISK = SafeString('<span class="asteriskField">*</span>')


def _add_classes(widget, bootstrap):
    """crispy-forms' classes on a widget: its own, then its class name (``textinput``,
    ``select``...) unless already there, then each of ``bootstrap`` not already there."""
    name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    css = (css if name in css else f"{css} {name}") if css else name
    words = css.split()
    widget.attrs["class"] = " ".join([*words, *(word for word in bootstrap if word not in words)])


def widget_markup(field):
    """What ``field.as_widget()`` returns, drawn in Python when portal/widget_html.py knows the
    widget's template (as_widget's attributes, id and value)."""
    widget = field.field.widget
    if not can_draw(widget):
        return field.as_widget()
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return draw_widget(widget.get_context(field.html_name, field.value(), attrs)["widget"])


def errors_markup(field):
    """The field's error messages, each in its <p>; nothing when it has none."""
    errors = field.errors
    if not errors:
        return ""
    return html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        text(errors.field_id),
        SafeString(
            "".join(
                html(
                    '<p id="error_{}_{}"><strong>{}</strong></p>',
                    text(number),
                    text(field.auto_id),
                    text(error),
                )
                for number, error in enumerate(errors, 1)
            )
        ),
    )


def help_markup(field):
    """The help text, as it is (``|safe``: some hold markup of their own)."""
    if not field.help_text:
        return ""
    id_ = html('id="{}_helptext" ', text(field.auto_id)) if field.auto_id else ""
    help_text = SafeString(field.help_text)  # the form's own words, markup and all
    return html('<div {}class="form-text">{}</div>', id_, help_text)


def label_text(field):
    """The label's words, and the asterisk of a required field."""
    return html("{}{}", text(field.label), ASTERISK if field.field.required else "")


def classes(field):
    """The field's own classes (``css_classes()``), after a space; nothing when it has none."""
    css = field.css_classes()
    return html(" {}", css) if css else ""


def hidden_field(field):
    """``{{ field }}``: the widget alone, and its initial value when the field shows it."""
    markup = widget_markup(field)
    if field.field.show_hidden_initial:
        markup += field.as_hidden(only_initial=True)
    return markup


def checkbox_field(field):
    """A checkbox, its label after it."""
    bootstrap = ["form-check-input", "is-invalid"] if field.errors else ["form-check-input"]
    _add_classes(field.field.widget, bootstrap)
    required = " requiredField" if field.field.required else ""
    return html(
        '<div class="mb-3"><div id="div_{}" class="form-check{}">\n'
        "  {}\n"
        '  <label for="{}" class="form-check-label{}">\n'
        "    {}\n"
        "  </label>\n"
        "  {}\n"
        "  {}\n"
        "</div></div>",
        text(field.auto_id),
        classes(field),
        widget_markup(field),
        text(field.id_for_label),
        required,
        label_text(field),
        errors_markup(field),
        help_markup(field),
    )


def radio_options(field):
    """The radio buttons, as (group, options), each option a dict of Django's radio_option
    context (type, name, value, label, attrs)."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    return [(group, options) for group, options, _index in groups]


def radio_buttons(field):
    """The radio buttons, in their groups, the errors under the last one."""
    invalid = " is-invalid" if field.errors else ""
    groups = radio_options(field)
    parts = ["<div>"]
    for group_number, (group, options) in enumerate(groups, 1):
        if group:
            parts.append(html("<strong>{}</strong>", text(group)))
        for number, option in enumerate(options, 1):
            last = group_number == len(groups) and number == len(options)
            parts.append(
                html(
                    '\n    <div class="form-check">\n'
                    '      <input type="{}" class="form-check-input{}" name="{}" value="{}"{}>\n'
                    '      <label for="{}" class="form-check-label">\n'
                    "        {}\n"
                    "      </label>\n"
                    "      {}\n"
                    "    </div>",
                    text(option["type"]),
                    invalid,
                    text(option["name"]),
                    text(localize(option["value"], use_l10n=False)),
                    attributes(option["attrs"]),
                    text(option["attrs"].get("id", "")),
                    text(localize(option["label"], use_l10n=False)),
                    errors_markup(field) if last else "",
                )
            )
    parts.append("\n  </div>\n  ")
    return SafeString("".join(parts))  # each part drawn by html()


def control(field):
    """Any other widget (an input, a text box, a select, the date's boxes), its errors under it."""
    widget = field.field.widget
    bootstrap = ["form-select" if isinstance(widget, forms.Select) else "form-control"]
    if field.errors:
        bootstrap.append("is-invalid")
    for part in getattr(widget, "widgets", [widget]):
        _add_classes(part, bootstrap)
    return html("{}\n  {}\n  ", widget_markup(field), errors_markup(field))


def label_markup(field, fieldset):
    """The <label> of the field, or the <legend> of its <fieldset> (radio buttons, the date's
    boxes): the fieldset opens here."""
    if not field.label:
        return ""
    tag = "legend" if fieldset else "label"
    opening = ""
    if fieldset:
        describedby = field.aria_describedby
        described = html(' aria-describedby="{}"', text(describedby)) if describedby else ""
        opening = html("<fieldset{}>\n  ", described)
    for_id = field.id_for_label
    return html(
        '{}<{}{} class="form-label{}{}">\n    {}\n  </{}>',
        opening,
        tag,
        html(' for="{}"', text(for_id)) if for_id else "",
        " requiredField" if field.field.required else "",
        " fs-6" if fieldset else "",
        label_text(field),
        tag,
    )


def field_group(field):
    """The field with its label, help text and errors: crispy-forms' Bootstrap 5 field."""
    widget = field.field.widget
    if field.is_hidden:
        return hidden_field(field)
    if isinstance(widget, forms.CheckboxInput):
        return checkbox_field(field)
    return labelled_field(field)


def is_radio(widget):
    return isinstance(widget, forms.RadioSelect) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    )


def labelled_field(field):
    """Any field but a checkbox (its label after it) or a hidden one."""
    widget = field.field.widget
    fieldset = field.use_fieldset and bool(field.label)
    return html(
        '<div id="div_{}" class="mb-3{}">\n  {}\n  {}{}\n  {}\n</div>',
        text(field.auto_id),
        classes(field),
        label_markup(field, fieldset),
        radio_buttons(field) if is_radio(widget) else control(field),
        help_markup(field),
        SafeString("</fieldset>") if fieldset else "",
    )


def form_fields(form):
    """Every field of the form, after the errors that belong to no one field."""
    errors = form.non_field_errors()
    fields = SafeString("".join(field_group(field) for field in form))
    if not errors:
        return fields
    return html(
        '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>\n{}',
        unordered_list(errors),
        fields,
    )


class BootstrapBoundField(BoundField):
    """A form field drawn in Python as crispy-forms' Bootstrap 5 pack draws it."""

    def as_field_group(self):
        return field_group(self)


class BootstrapRenderer(DjangoTemplates):
    """Draws a form (``{{ form }}``) with form_fields(); anything else through templates."""

    bound_field_class = BootstrapBoundField
    # A name, not a file: render() below draws it.
    form_template_name = "portal.form_rendering.form_fields"

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name:
            return form_fields(context["form"])
        return super().render(template_name, context, request=request)


# One for every form: its template engine, and so any template it compiles, is made once.
FIELD_RENDERER = BootstrapRenderer()
