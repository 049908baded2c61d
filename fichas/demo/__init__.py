"""Demo data: the Juárez Ene–Jun 2022 case that reproduces the seed's Informe de corte."""

from .carga import CUENTAS, PASSWORD, DatosEnConflicto, DemoYaCargada, cargar, demo_cargada

__all__ = ["CUENTAS", "PASSWORD", "DatosEnConflicto", "DemoYaCargada", "cargar", "demo_cargada"]
