#!/usr/bin/env python3
"""The size limits: no project module over 400 lines, no view over 30.

Modules: every .py file of portal/, education/, intake/ and treatment/, migrations and tests aside.
Views: the functions and methods of views*.py files and views/ packages, and in the admin
(admin*.py, *_admin.py, admin/ packages) the methods named *_view, those wrapped in
admin_view(...) and the admin actions (@admin.action). A view's length runs from its `def` to
its last line, its docstring left out.

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
    """Names passed to admin_view(...): `self.admin_site.admin_view(self.queue_view)`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "admin_view":
            for arg in node.args:
                if isinstance(arg, ast.Attribute):
                    names.add(arg.attr)
                elif isinstance(arg, ast.Name):
                    names.add(arg.id)
    return names


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


def views(path, tree):
    if is_views_module(path):
        yield from functions(tree)
    elif is_admin_module(path):
        wrapped = wrapped_in_admin_view(tree)
        for node in functions(tree):
            if node.name.endswith("_view") or node.name in wrapped or is_admin_action(node):
                yield node


def offenders():
    for path in project_modules():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            yield f"{name}: {lines} lines (a module stays under {MAX_MODULE_LINES})"
        tree = ast.parse(source, filename=str(name))
        for node in views(path, tree):
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
