#!/usr/bin/env python3
"""The size limits: no project module over 400 lines, no view over 30.

Modules: every .py file of portal/, education/, intake/ and treatment/, migrations and tests aside.
Views: the functions and methods of views*.py files and views/ packages; what a urls.py routes
to in any other module (a function, or every method of a class given as Class.as_view()); and
in the admin (admin*.py, *_admin.py, admin/ packages) the methods named *_view, those a
get_urls() routes to (`self.admin_site.admin_view(self.x)`, or `wrap(self.x)` with
`wrap = self.admin_site.admin_view`) and the admin actions (@admin.action). A view's length
runs from its `def` to its last line, its docstring left out.

Prints each offender on a line of its own and exits 1 when there is one; run from anywhere:
    python .ci/sizes.py
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("portal", "education", "intake", "treatment")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 30


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            yield path


def is_views_module(path):
    return path.name.startswith("views") or path.parent.name == "views"


def is_admin_module(path):
    name = path.stem
    return name.startswith("admin") or name.endswith("_admin") or path.parent.name == "admin"


def functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def wrapped_in_admin_view(tree):
    """Names passed to admin_view(...) (`self.admin_site.admin_view(self.queue_view)`), and the
    methods a get_urls() routes to however it wraps them (`wrap(self.print_view)`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "admin_view":
            for arg in node.args:
                if isinstance(arg, ast.Attribute):
                    names.add(arg.attr)
                elif isinstance(arg, ast.Name):
                    names.add(arg.id)
        if isinstance(node, ast.FunctionDef) and node.name == "get_urls":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    for arg in inner.args:
                        on_self = getattr(getattr(arg, "value", None), "id", "") == "self"
                        if isinstance(arg, ast.Attribute) and on_self:
                            names.add(arg.attr)
    return names


def module_file(dotted):
    """The project file of a dotted module name, or None when it is not the project's."""
    base = ROOT.joinpath(*dotted.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imported_modules(tree, package):
    """What each name a urls.py imports stands for, as a dotted module name: `from . import
    views` in portal/urls.py gives views -> portal.views."""
    names = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        source = node.module or ""
        if node.level:
            source = ".".join([package, *filter(None, [source])])
        for alias in node.names:
            names[alias.asname or alias.name] = f"{source}.{alias.name}"
    return names


def routed(target, names):
    """(dotted module, name, is_class) of what path()'s view argument routes to, or None:
    `views.home`, `home`, `views.LogoutView.as_view()`, `admin.site.admin_view(edges.x)`."""
    if (
        isinstance(target, ast.Call)
        and getattr(target.func, "attr", None) == "admin_view"
        and len(target.args) == 1
    ):
        target = target.args[0]
    is_class = isinstance(target, ast.Call) and getattr(target.func, "attr", None) == "as_view"
    if is_class:
        target = target.func.value
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        module = names.get(target.value.id)
        return (module, target.attr, is_class) if module else None
    if isinstance(target, ast.Name) and target.id in names:
        module, name = names[target.id].rsplit(".", 1)
        return module, name, is_class
    return None


def routed_views():
    """{file: {(name, is_class)}}: what the project's urls.py files route to."""
    found = {}
    for app in APPS:
        for urls in sorted((ROOT / app).rglob("urls.py")):
            tree = ast.parse(urls.read_text(encoding="utf-8"), filename=str(urls))
            package = ".".join(urls.relative_to(ROOT).parent.parts)
            names = imported_modules(tree, package)
            for node in ast.walk(tree):
                is_path = isinstance(node, ast.Call) and getattr(node.func, "id", "") in PATHS
                hit = is_path and len(node.args) > 1 and routed(node.args[1], names)
                path = hit and module_file(hit[0])
                if path:
                    found.setdefault(path, set()).add(hit[1:])
    return found


PATHS = ("path", "re_path")


def is_admin_action(node):
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if getattr(target, "attr", None) == "action" or getattr(target, "id", None) == "action":
            return True
    return False


def view_length(node):
    length = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first.value, "value", None), str):
        length -= first.end_lineno - first.lineno + 1
    return length


def views(path, tree, routed_here=frozenset()):
    if is_views_module(path):
        yield from functions(tree)
        return
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and (node.name, False) in routed_here:
            yield node
        elif isinstance(node, ast.ClassDef) and (node.name, True) in routed_here:
            yield from functions(node)
    if is_admin_module(path):
        wrapped = wrapped_in_admin_view(tree)
        for node in functions(tree):
            if node.name.endswith("_view") or node.name in wrapped or is_admin_action(node):
                yield node


def offenders():
    routes = routed_views()
    for path in project_modules():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            yield f"{name}: {lines} lines (a module stays under {MAX_MODULE_LINES})"
        tree = ast.parse(source, filename=str(name))
        seen = set(views(path, tree, routes.get(path, frozenset())))
        for node in sorted(seen, key=lambda node: node.lineno):
            length = view_length(node)
            if length > MAX_VIEW_LINES:
                yield (
                    f"{name}:{node.lineno} {node.name}: {length} lines "
                    f"(a view stays under {MAX_VIEW_LINES})"
                )


def main():
    found = list(offenders())
    for line in found:
        print(line)
    if found:
        print(f"\n{len(found)} over the size limits: split them by concept.")
        return 1
    print("Sizes: every module and view is within the limits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
