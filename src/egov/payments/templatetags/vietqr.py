"""`{% load vietqr %}{{ payload|vietqr_svg }}`: a VietQR payload drawn as inline SVG."""

from django import template
from django.utils.safestring import SafeString

from egov.payments.gateways.vietqr.gateway import qr_svg

register = template.Library()


@register.filter
def vietqr_svg(text: str) -> SafeString | str:
    return qr_svg(text) if text else ""
