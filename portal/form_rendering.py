"""The patient forms' fields in Bootstrap 5 markup, drawn by one lean template per field
(portal/templates/portal/forms/field.html) instead of crispy-forms' template pack.

The markup is crispy-forms' Bootstrap 5 markup (the same elements, attributes, ids, classes,
labels, help texts and error messages; intake/tests/test_field_rendering.py renders every intake
step both ways and compares them), in a fraction of the time: crispy draws a field through half a
dozen nested templates, with many conditions for layouts these forms never use, and looks up each
of the field's properties from the template. Here the field hands its template what it shows, in
a plain dict, and a plain input or text box is drawn in the same template rather than through
Django's three nested widget templates.

A form takes it with ``default_renderer = FIELD_RENDERER``; then ``{{ form }}`` draws every field
and ``{{ form.name.as_field_group }}`` one field.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# Widgets whose Django template is the plain <input> (or <textarea>), drawn in the field's
# template; any other widget (a select, the date's three boxes) is drawn by its own template.
INLINE_WIDGETS = {
    "django/forms/widgets/text.html": "input",
    "django/forms/widgets/number.html": "input",
    "django/forms/widgets/email.html": "input",
    "django/forms/widgets/textarea.html": "textarea",
}


def attributes(attrs):
    """Django's django/forms/widgets/attrs.html in Python: ` name="value"` for each attribute,
    ` name` alone for True, nothing for False."""
    return mark_safe(  # noqa: S308 (each name and value escaped)
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _add_classes(widget, bootstrap):
    """crispy-forms' classes on a widget: its own, then its class name (``textinput``,
    ``select``...) unless already there, then each of ``bootstrap`` not already there."""
    name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    css = (css if name in css else f"{css} {name}") if css else name
    words = css.split()
    widget.attrs["class"] = " ".join([*words, *(word for word in bootstrap if word not in words)])


class BootstrapBoundField(BoundField):
    """A form field, with what its template needs to draw it as crispy-forms' Bootstrap 5 pack."""

    def get_context(self):
        widget = self.field.widget
        context = {
            "field": self,
            "id": self.auto_id,
            "label": self.label,
            "required": self.field.required,
            "errors": self.errors,
            "error_id": f"{self.errors.field_id}_error",
            "help_text": self.help_text,
            "css_classes": self.css_classes(),
            "fieldset": self.use_fieldset and bool(self.label),
            "for_id": self.id_for_label,
        }
        if self.is_hidden:
            context["kind"] = "hidden"
        elif isinstance(widget, forms.CheckboxInput):
            context["kind"] = "checkbox"
            self._control(context, "form-check-input")
        elif isinstance(widget, forms.RadioSelect) and not isinstance(
            widget, forms.CheckboxSelectMultiple
        ):
            context["kind"] = "radio"
            context["options"] = self._options()
        else:
            context["kind"] = "control"
            self._control(context, "form-select" if isinstance(widget, forms.Select) else "")
        if context["fieldset"]:
            context["describedby"] = self.aria_describedby
        return context

    def _control(self, context, bootstrap_class):
        widget = self.field.widget
        bootstrap = [bootstrap_class or "form-control"]
        if self.errors:
            bootstrap.append("is-invalid")
        for part in getattr(widget, "widgets", [widget]):
            _add_classes(part, bootstrap)
        inline = INLINE_WIDGETS.get(widget.template_name)
        if inline is None:
            context["control"] = self.as_widget()
            return
        # What BoundField.as_widget() hands the widget's template.
        attrs = self.build_widget_attrs({})
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        widget_context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        widget_context["attributes"] = attributes(widget_context["attrs"])
        context[inline] = widget_context

    def _options(self):
        """The radio buttons, as (group, options), each option with its attributes drawn."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        attrs = self.build_widget_attrs({"id": id_} if id_ else {})
        groups = widget.optgroups(self.html_name, widget.format_value(self.value()), attrs)
        for _group, options, _index in groups:
            for option in options:
                option["value"] = localize(option["value"], use_l10n=False)
                option["label"] = localize(option["label"], use_l10n=False)
                option["attributes"] = attributes(option["attrs"])
        return [(group, options) for group, options, _index in groups]


class BootstrapRenderer(DjangoTemplates):
    field_template_name = "portal/forms/field.html"
    form_template_name = "portal/forms/form.html"
    bound_field_class = BootstrapBoundField


# One for every form: its template engine, and so its compiled templates, are made once.
FIELD_RENDERER = BootstrapRenderer()
