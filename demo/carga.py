"""Build the Juárez Ene–Jun 2022 demo: deterministic, in one transaction, with bulk inserts.

The numbers come from PLAN (see `dependencias.py`); the roles of the recomendaciones from
`recomendaciones.py`; which meta is reported when and how from `plan.py`; the accounts from
`cuentas.py` and the fichas from `fichas.py`. Every random choice uses one seeded generator and
every timestamp is a fixed moment of 2022 in Ciudad Juárez (`calendario.py`), so two loads
give the same data. Juárez loads first, into the deployment's own municipio, so its rows keep
their order; the invented second municipio (`municipio_demostracion.py`) comes after it.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Recomendacion
from avgm.plataforma import roles
from dependencias.models import Dependencia, Enlace, Meta, Programacion, TipoAccion
from dependencias.unidades import unidades_registrar

from . import ambito
from .calendario import ANIO, TZ
from .cuentas import CUENTAS, DEPENDENCIAS_CON_CUENTA, adscribir, crear_cuentas
from .dependencias import METAS, PLAN, TIPOS_ACCION
from .fichas import crear_fichas
from .municipio_demostracion import cargar_municipio_demostracion
from .plan import cubrir, planear
from .recomendaciones import (
    EJES,
    FUERA_DE_2022,
    IMPACTADAS,
    MODALIDADES,
    NO_IMPACTADAS,
    SIN_META,
    TIPOS,
)

SEMILLA = 2022_0225  # the mesa de instalación of 25/02/2022
MARCA = f"JRZ-{ANIO}-001"  # clave of the first demo meta: its presence means "loaded"
ETAPAS = ["", "segunda etapa", "tercera etapa", "cuarta etapa", "quinta etapa"]


class DemoYaCargada(Exception):
    pass


class DatosEnConflicto(Exception):
    """The database holds other data with the demo's natural keys; the demo would clash."""


def demo_cargada() -> bool:
    return Meta.objects.filter(clave=MARCA).exists()


def conflictos() -> list[str]:
    """Natural keys the demo needs that other data already uses."""
    siglas = [fila[0] for fila in PLAN]
    claves = [f"R-{n:03d}" for n in range(1, 124)]
    deps = Dependencia.objects.filter(municipio=ambito.juarez(), siglas__in=siglas)
    return sorted(
        [f"dependencia {s}" for s in deps.values_list("siglas", flat=True)]
        + [f"municipio {m}" for m in [ambito.demostracion()] if m is not None]
        + [
            f"recomendación {c}"
            for c in Recomendacion.objects.filter(clave__in=claves).values_list("clave", flat=True)
        ]
        + [
            f"meta {c}"
            for c in Meta.objects.filter(clave__startswith=f"JRZ-{ANIO}-").values_list(
                "clave", flat=True
            )
        ]
    )


@transaction.atomic
def cargar(dry_run: bool = False, demostracion: bool = True) -> dict:
    """Load the whole demo (rolled back with dry_run): Juárez and, with `demostracion`, the
    invented second municipio after it.

    Raises DemoYaCargada if it is there already, DatosEnConflicto if other data uses its keys.
    """
    if demo_cargada():
        raise DemoYaCargada
    if choques := conflictos():
        raise DatosEnConflicto(choques)
    rng = random.Random(SEMILLA)
    municipio = ambito.juarez()
    ejercicio = Ejercicio.objects.filter(anio=ANIO, municipio=municipio).first()
    ejercicio = ejercicio or Ejercicio.objects.crear(ANIO, municipio=municipio)
    ejercicio.crear_periodos()
    periodos = {p.numero: p for p in ejercicio.periodos.all()}

    usuarios = crear_cuentas(municipio)
    recs = _recomendaciones(rng)
    tipos = _tipos_accion()
    deps = _dependencias(usuarios, municipio)
    planes = planear(rng)
    metas = _metas(rng, ejercicio, periodos, deps, tipos, recs, planes)
    n_fichas = crear_fichas(rng, periodos, metas, planes, usuarios)
    totales = {
        "recomendaciones": len(recs),
        "dependencias": len(deps),
        "metas": len(metas),
        "fichas": n_fichas,
    }
    if demostracion:
        totales["municipio de demostración"] = cargar_municipio_demostracion()
    if dry_run:
        transaction.set_rollback(True)
    return totales


# --- catalogs -------------------------------------------------------------------------


def _recomendaciones(rng: random.Random) -> dict[str, Recomendacion]:
    """119 in force in 2022 (shuffled so the roles do not show in the claves) and 4 outside."""
    vigentes = [(*r, None, None) for r in IMPACTADAS + NO_IMPACTADAS + SIN_META]
    rng.shuffle(vigentes)
    todas = vigentes + list(FUERA_DE_2022)
    modalidades = {m.nombre: m for m in Modalidad.objects.all()}
    ejes = {e.nombre: e for e in EjeTransversal.objects.all()}
    objetos = [
        Recomendacion(
            clave=f"R-{n:03d}",
            texto=texto,
            tipo=TIPOS[tipo],
            vigente_desde=desde if desde is not None else (None if hasta else 2022),
            vigente_hasta=hasta,
            orden=n,
        )
        for n, (_local, tipo, _m, _e, texto, desde, hasta) in enumerate(todas, start=1)
    ]
    Recomendacion.objects.bulk_create(objetos)
    por_local = {entrada[0]: obj for entrada, obj in zip(todas, objetos, strict=True)}
    RM = Recomendacion.modalidades.through
    RE = Recomendacion.ejes.through
    RM.objects.bulk_create(
        RM(recomendacion=por_local[e[0]], modalidad=modalidades[MODALIDADES[letra]])
        for e in todas
        for letra in e[2]
    )
    RE.objects.bulk_create(
        RE(recomendacion=por_local[e[0]], ejetransversal=ejes[EJES[letra]])
        for e in todas
        for letra in e[3]
    )
    return por_local


def _tipos_accion() -> dict[str, TipoAccion]:
    tipos = {}
    for orden, (clave, (nombre, medios)) in enumerate(TIPOS_ACCION.items(), start=1):
        tipos[clave], _ = TipoAccion.objects.get_or_create(
            nombre=nombre, defaults={"medios_verificacion": medios, "orden": orden}
        )
    return tipos


def _dependencias(usuarios: dict, municipio) -> dict[str, Dependencia]:
    User = get_user_model()
    deps = [
        Dependencia(
            municipio=municipio,
            siglas=siglas,
            nombre=nombre,
            titular=titular,
            titular_email=f"titular.{correo}@juarez.gob.mx",
        )
        for siglas, nombre, titular, correo, _plan in PLAN
    ]
    Dependencia.objects.bulk_create(deps)
    por_siglas = {d.siglas: d for d in deps}
    # The dependencias without a demo account still have an enlace (who cannot log in), so
    # every ficha says who wrote it.
    grupo = Group.objects.get(name=roles.ENLACE)
    nuevos = [
        User(
            username=f"enlace.{correo}",
            first_name="Enlace",
            last_name=siglas,
            email=f"enlace.{correo}@juarez.gob.mx",
            password=make_password(None),
            date_joined=datetime.datetime(2022, 2, 25, 9, 0, tzinfo=TZ),
        )
        for siglas, _n, _t, correo, _p in PLAN
        if siglas not in DEPENDENCIAS_CON_CUENTA
    ]
    User.objects.bulk_create(nuevos)
    nuevos = list(User.objects.filter(username__in=[u.username for u in nuevos]))
    grupo.user_set.add(*nuevos)
    adscribir(municipio, nuevos)
    por_dep = {c[4]: usuarios[c[0]] for c in CUENTAS if c[4]}
    por_dep.update({u.last_name: u for u in nuevos})
    Enlace.objects.bulk_create(
        Enlace(usuario=por_dep[s], dependencia=d) for s, d in por_siglas.items()
    )
    # `desde` is auto_now_add: set the day of the mesa de instalación afterwards.
    Enlace.objects.filter(dependencia__in=deps).update(desde=datetime.date(2022, 2, 25))
    for siglas, user in por_dep.items():
        usuarios[f"enlace:{siglas}"] = user
    return por_siglas


# --- metas ----------------------------------------------------------------------------


def _metas(rng, ejercicio, periodos, deps, tipos, recs, planes) -> list[Meta]:
    # Templates: metas with progress take one answering an impactada recomendación.
    uso: dict[str, int] = {}
    for siglas, plantillas in METAS.items():
        propios = [p for p in planes if p.dependencia == siglas]
        con_i = [t for t in plantillas if any(r.startswith("I") for r in t[5])]
        cola_i = list(con_i)
        cola = list(plantillas)
        for p in propios:
            if p.impacta:
                assert con_i, siglas
                t = cola_i.pop(0) if cola_i else con_i[uso.get(siglas, 0) % len(con_i)]
                if t in cola:
                    cola.remove(t)
            else:
                t = cola.pop(0) if cola else plantillas[uso.get(siglas, 0) % len(plantillas)]
                if t in cola_i:
                    cola_i.remove(t)
            uso[siglas] = uso.get(siglas, 0) + 1
            p.plantilla = t
    # Distinct texts: a repeated template becomes the next stage of the same work.
    vistos: dict[str, int] = {}
    for p in planes:
        p.etapa = vistos.get(p.plantilla[0], 0)
        vistos[p.plantilla[0]] = p.etapa + 1
        candidatas = p.plantilla[5]
        if p.impacta:
            p.recs = [r for r in candidatas if r.startswith("I")]
        else:
            p.recs = [r for r in candidatas if r.startswith("N")] or list(candidatas)
    cubrir(planes)

    metas = []
    for n, p in enumerate(planes, start=1):
        desc, linea, tipo, unidad, _cant, _r = p.plantilla
        if p.etapa:
            desc = f"{desc} ({ETAPAS[p.etapa % len(ETAPAS)] or f'etapa {p.etapa + 1}'})"
        metas.append(
            Meta(
                ejercicio=ejercicio,
                dependencia=deps[p.dependencia],
                clave=f"JRZ-{ANIO}-{n:03d}",
                descripcion=desc,
                linea_accion=linea,
                tipo_accion=tipos[tipo],
                unidad_medida=unidad,
            )
        )
    Meta.objects.bulk_create(metas)
    unidades_registrar(m.unidad_medida for m in metas)
    MR = Meta.recomendaciones.through
    MR.objects.bulk_create(
        MR(meta=m, recomendacion=recs[r])
        for m, p in zip(metas, planes, strict=True)
        for r in p.recs
    )
    # The recomendación that was in force until 2021 is still answered by one 2022 meta with
    # progress: the 2022 figures must leave it out.
    primera = next(m for m, p in zip(metas, planes, strict=True) if p.impacta)
    MR.objects.create(meta=primera, recomendacion=recs["X01"])

    programacion = []
    for m, p in zip(metas, planes, strict=True):
        base = p.plantilla[4]
        cantidades = {}
        for numero in (1, 2, 3, 4):
            programada = (
                numero in p.ranuras if numero <= 2 else p.grupo == "C" or rng.random() < 0.75
            )
            cantidades[numero] = _variar(rng, base) if programada else 0
        p.programado = cantidades
        programacion += [
            Programacion(meta=m, periodo=periodos[numero], cantidad=cantidad)
            for numero, cantidad in cantidades.items()
        ]
    Programacion.objects.bulk_create(programacion)
    return metas


def _variar(rng: random.Random, base: int) -> int:
    return max(1, round(base * rng.uniform(0.7, 1.3)))
