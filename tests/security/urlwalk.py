"""Walk every URL pattern of the project, through includes, with its full name and parameters."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

ID_NAMES = {"pk", "id", "object_id"}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "caffeine/<int:pk>/edit/"
    name: str | None  # e.g. "diary:caffeine-edit", None when the pattern has no name
    namespaces: tuple[str, ...]
    params: dict = field(hash=False)  # parameter name -> converter (None for a regex group)
    default_args: dict = field(hash=False)
    callback: object = field(hash=False)

    @property
    def id_params(self) -> list[str]:
        """Parameters that select a row: an int converter, or a name like pk/id/<x>_id."""
        return [
            name
            for name, converter in self.params.items()
            if isinstance(converter, IntConverter)
            or name in ID_NAMES
            or name.endswith(("_id", "_pk"))
        ]


def _params(pattern) -> dict:
    converters = getattr(pattern, "converters", {}) or {}
    return {name: converters.get(name) for name in pattern.regex.groupindex}


def walk(resolver=None, prefix="", namespaces=(), params=None, default_args=None):
    """Yield a Route for every URLPattern reachable from the root URLconf."""
    resolver = resolver or get_resolver()
    params = params or {}
    default_args = default_args or {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(
                entry,
                route,
                namespaces + ((entry.namespace,) if entry.namespace else ()),
                {**params, **_params(entry.pattern)},
                {**default_args, **entry.default_kwargs},
            )
        elif isinstance(entry, URLPattern):
            yield Route(
                route=route,
                name=":".join(namespaces + (entry.name,)) if entry.name else None,
                namespaces=namespaces,
                params={**params, **_params(entry.pattern)},
                default_args={**default_args, **entry.default_args},
                callback=entry.callback,
            )
