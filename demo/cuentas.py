"""The demo's accounts: one per role and three enlaces, all with one public password (which
is why the demo app is never installed on a real server)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from avgm.plataforma import roles

from .calendario import TZ

PASSWORD = "avgm-demo-2022"
# username, first name, last name, role, dependencia siglas (enlaces), description
CUENTAS = [
    ("admin", "Alejandra", "Ruiz Barraza", roles.ADMINISTRADOR, None, "Administradora (admin de Django)"),
    ("analista", "Mariana", "Ochoa Lucero", roles.ANALISTA, None, "Analista IMM (Información y Estadística)"),
    ("analista2", "Tomás", "Herrera Gámez", roles.ANALISTA, None, "Segunda analista IMM"),
    ("directivo", "Elena", "Sotelo Márquez", roles.DIRECTIVO, None, "Directiva (solo lectura)"),
    ("enlace.dif", "Lucía", "Armendáriz Peña", roles.ENLACE, "DIF", "Enlace del DIF"),
    ("enlace.sspm", "Raúl", "Carrillo Meza", roles.ENLACE, "SSPM", "Enlace de la SSPM"),
    ("enlace.salud", "Beatriz", "Gándara Olivas", roles.ENLACE, "Salud", "Enlace de Salud"),
]  # fmt: skip
DEPENDENCIAS_CON_CUENTA = {c[4] for c in CUENTAS if c[4]}


def crear_cuentas() -> dict:
    """The demo accounts, each in its role's group, by username (kept if they exist)."""
    User = get_user_model()
    grupos = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
    hash_demo = make_password(PASSWORD)  # hash once: PBKDF2 is slow on purpose
    usuarios = {}
    for username, nombre, apellido, rol, _dep, _desc in CUENTAS:
        user, creado = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": nombre,
                "last_name": apellido,
                "email": f"{username}@juarez.gob.mx",
                "password": hash_demo,
                "is_staff": rol in (roles.ANALISTA, roles.ADMINISTRADOR),
                "is_superuser": username == "admin",
                "date_joined": datetime.datetime(2022, 2, 25, 9, 0, tzinfo=TZ),
            },
        )
        user.groups.add(grupos[rol])
        usuarios[username] = user
    return usuarios
