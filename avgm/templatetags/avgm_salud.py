"""{% estado_del_sistema %}: /salud/'s checks on the admin's home page, with the reason of a
failed backup, which the public /salud/ leaves out (it may name paths)."""

from django import template

from avgm.plataforma import respaldo, salud

register = template.Library()


@register.inclusion_tag("avgm/_estado_sistema.html")
def estado_del_sistema() -> dict:
    return {"comprobaciones": salud.comprobar(), "respaldo": respaldo.estado()}
