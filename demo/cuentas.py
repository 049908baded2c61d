"""The demo's accounts: one per role and three enlaces in Juárez, an analista of the invented
second municipio and the Coordinación estatal, all with one public password (which is why the
demo app is never installed on a real server).

With two municipios everyone but the Coordinación estatal needs an adscripción: it is what
says which municipio a person works in."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from avgm.models import Adscripcion, Municipio
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
# Loaded with the invented municipio: same columns; the analista works there, the
# Coordinación estatal reads every municipio and has no adscripción.
CUENTAS_DEMOSTRACION = [
    ("analista.demostracion", "Irene", "Valdivia Rosales", roles.ANALISTA, None, "Analista del Municipio de demostración"),
    ("coordinacion", "Sofía", "Navarrete Ibarra", roles.COORDINACION, None, "Coordinación estatal (lee todos los municipios)"),
]  # fmt: skip


def crear_cuentas(municipio: Municipio, cuentas=CUENTAS, dominio="juarez.gob.mx") -> dict:
    """The demo accounts, each in its role's group and, but the Coordinación estatal, adscribed
    to `municipio`, by username (kept if they exist)."""
    User = get_user_model()
    grupos = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
    hash_demo = make_password(PASSWORD)  # hash once: PBKDF2 is slow on purpose
    usuarios = {}
    for username, nombre, apellido, rol, _dep, _desc in cuentas:
        user, creado = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": nombre,
                "last_name": apellido,
                "email": f"{username}@{dominio}",
                "password": hash_demo,
                "is_staff": rol in (roles.ANALISTA, roles.ADMINISTRADOR),
                "is_superuser": username == "admin",
                "date_joined": datetime.datetime(2022, 2, 25, 9, 0, tzinfo=TZ),
            },
        )
        user.groups.add(grupos[rol])
        usuarios[username] = user
    adscritos = [usuarios[c[0]] for c in cuentas if c[3] != roles.COORDINACION]
    adscribir(municipio, adscritos)
    return usuarios


def adscribir(municipio: Municipio, usuarios) -> None:
    """Adscribe `usuarios` to `municipio` (those who have one keep it)."""
    tienen = set(
        Adscripcion.objects.filter(usuario__in=usuarios).values_list("usuario_id", flat=True)
    )
    Adscripcion.objects.bulk_create(
        Adscripcion(usuario=u, municipio=municipio) for u in usuarios if u.pk not in tienen
    )
