from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def fluid_amount(context, ml):
    """An amount of fluid in the signed-in user's chosen unit."""
    profile = getattr(context.get("request"), "profile", None)
    if profile is None:
        return "–" if ml is None else f"{ml} ml"
    return profile.format_fluid(ml)
