"""The registry of payment gateways (one folder per gateway, see `base`).

from egov.payments import gateways

@gateways.register
class SandboxGateway(gateways.Gateway):
    code = "sandbox"
    ...

gateways.get("sandbox").start(payment=..., return_url=..., client_ip=...)
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from egov.core.errors import NotFound
from egov.payments.gateways.base import Gateway, Reply, ReturnInfo, Start

__all__ = [
    "Gateway",
    "Reply",
    "ReturnInfo",
    "Start",
    "UnknownGateway",
    "all",
    "autodiscover",
    "citizen_choices",
    "get",
    "register",
    "url_modules",
]

_registry: dict[str, Gateway] = {}


class UnknownGateway(NotFound):
    code = "payments.unknown_gateway"
    message_vi = "Không có cổng thanh toán này."
    message_en = "There is no such payment gateway."


def register[G: type[Gateway]](cls: G) -> G:
    """Class decorator: register one instance of ``cls`` under ``cls.code``."""
    if not cls.code:
        raise ValueError(f"{cls.__name__} has no code")
    existing = _registry.get(cls.code)
    if existing is not None and type(existing).__qualname__ != cls.__qualname__:
        raise ValueError(f"payment gateway code {cls.code!r} is already registered")
    _registry[cls.code] = cls()
    return cls


def get(code: str) -> Gateway:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownGateway(code=UnknownGateway.code, gateway=code) from None


def all() -> list[Gateway]:  # the registry's vocabulary (shadows the builtin here)
    return list(_registry.values())


def citizen_choices() -> list[tuple[str, str]]:
    """(code, label) of the gateways a citizen may choose, in registration order."""
    return [
        (g.code, g.label)
        for g in _registry.values()
        if g.citizen_can_choose and not g.officer_only and g.is_enabled()
    ]


def _folders() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg)


def _import_optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            return None
        raise


def autodiscover() -> None:
    """Import ``egov.payments.gateways.<folder>.gateway`` for every folder (PaymentsConfig.ready)."""
    for folder in _folders():
        _import_optional(f"{__name__}.{folder}.gateway")


def url_modules() -> list[tuple[str, ModuleType]]:
    """(folder, module) of every gateway folder that has a ``urls`` module."""
    found = []
    for folder in _folders():
        module = _import_optional(f"{__name__}.{folder}.urls")
        if module is not None:
            found.append((folder, module))
    return found
