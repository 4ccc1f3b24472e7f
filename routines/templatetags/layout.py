"""{% layout %}: Django-engine pages drawn in the Jinja2 layout every page shares.

    {% layout %}{% block title %}…{% endblock %}{% slot head %}…{% slot content %}…{% endlayout %}

Each part is rendered here, with the page's context, and handed to templates/jinja2/layout.jinja
already escaped, with what the frame itself reads (the person, their messages, the CSRF token
and the CSP nonce) from the same context.
"""

from __future__ import annotations

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input_lazy
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PARTS = ("title", "head", "main_class", "content", "scripts")
FRAME = ("request", "user", "messages", "csp_nonce", "csrf_token")


class LayoutNode(template.Node):
    child_nodelists = PARTS  # so {% extends %} finds the blocks inside

    def __init__(self, parts: dict[str, NodeList]) -> None:
        for name in PARTS:
            setattr(self, name, parts.get(name, NodeList()))

    def render(self, context: Context) -> SafeString:
        values: dict[str, object] = {name: context.get(name) for name in FRAME}
        values["csrf_input"] = csrf_input_lazy(values["request"]) if values["request"] else ""
        for name in PARTS:
            values[name] = mark_safe(getattr(self, name).render(context))
        frame = engines["jinja2"].env.get_template("layout.jinja")
        return mark_safe(frame.render(values))


@register.tag
def layout(parser: Parser, token: Token) -> LayoutNode:
    parts: dict[str, NodeList] = {}
    name = "title"
    while True:
        parts[name] = parser.parse(("slot", "endlayout"))
        closing = parser.next_token()
        if closing.contents == "endlayout":
            return LayoutNode(parts)
        bits = closing.split_contents()
        if len(bits) != 2 or bits[1] not in PARTS or bits[1] in parts:
            raise template.TemplateSyntaxError(f"{{% slot %}} takes one of {PARTS}, once each.")
        name = bits[1]
