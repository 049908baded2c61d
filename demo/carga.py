"""Build the Juárez Ene–Jun 2022 demo: deterministic, in one transaction, with bulk inserts.

The numbers come from PLAN (see `dependencias.py`); the roles of the recomendaciones from
`recomendaciones.py`. Every random choice uses one seeded generator and every timestamp is a
fixed moment of 2022 in Ciudad Juárez, so two loads give the same data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from avgm.models import Ejercicio, EjeTransversal, Modalidad, Recomendacion
from avgm.plataforma import roles
from dependencias.models import Dependencia, Enlace, Meta, Programacion, TipoAccion
from fichas.models import CodigoObservacion, FichaTecnica, HistorialFicha, Observacion

from .dependencias import METAS, PLAN, TIPOS_ACCION
from .recomendaciones import (
    EJES,
    FUERA_DE_2022,
    IMPACTADAS,
    MODALIDADES,
    NO_IMPACTADAS,
    SIN_META,
    TIPOS,
)

ANIO = 2022
SEMILLA = 2022_0225  # the mesa de instalación of 25/02/2022
TZ = ZoneInfo("America/Ciudad_Juarez")
AHORA = datetime.datetime(2022, 7, 22, 17, 0, tzinfo=TZ)  # the day the corte was drawn
MARCA = f"JRZ-{ANIO}-001"  # clave of the first demo meta: its presence means "loaded"

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

COLONIAS = [
    "Col. Riberas del Bravo", "Col. Anapra", "Col. Felipe Ángeles", "Col. Parajes del Sur",
    "Col. Toribio Ortega", "Col. Díaz Ordaz", "Col. Altavista", "Col. Juárez Nuevo",
    "Fracc. Praderas del Sur", "Col. Morelos", "Col. Francisco I. Madero", "Col. Frida Kahlo",
    "Col. Lomas de Poleo", "Col. Granjas de Chapultepec", "Col. Héroes de la Revolución",
    "Sector Centro", "Distrito Aldama", "Distrito Babícora", "Distrito Benito Juárez",
    "Distrito Chihuahua", "Distrito Cuauhtémoc", "Distrito Delicias", "Suroriente (Valle de Juárez)",
]  # fmt: skip
FUENTES = ["Recurso municipal ordinario", "FORTAMUN", "Programa de Apoyo a las Instancias de Mujeres (PAIMEF)", "Recurso municipal etiquetado AVGM"]  # fmt: skip
ETAPAS = ["", "segunda etapa", "tercera etapa", "cuarta etapa", "quinta etapa"]

OBSERVACIONES = {
    "falta-evidencia": ("Adjunte la lista de asistencia y las fotografías de la actividad.", ["actividades"]),
    "desagregacion-no-cuadra": ("La suma de personas beneficiarias por sexo y edad no coincide con lo reportado en actividades.", ["mujeres_18_29", "mujeres_30_59"]),
    "narrativa-no-corresponde": ("Las actividades descritas no corresponden a la meta; describa qué se hizo para cumplirla.", ["actividades"]),
    "presupuesto-sin-fuente": ("Indique la fuente del presupuesto ejercido.", ["fuente_presupuesto"]),
    "otra": ("Justifique la diferencia entre lo programado y lo alcanzado.", ["justificacion_variacion"]),
}  # fmt: skip


@dataclass
class Ranura:
    """One meta in one periodo of the corte: whether it is programmed and what was done."""

    numero: int
    enviada: bool = False
    borrador: bool = False
    estado: str = ""  # final state of a submitted ficha
    no_aplica: bool = False
    cero: bool = False  # approved with quantity 0
    devuelta: bool = False  # returned once before its current state
    tardia: bool = False


@dataclass
class PlanMeta:
    dependencia: str
    grupo: str  # "B" both T1/T2, "A1", "A2", "C" (T3–T4 only)
    ranuras: dict[int, Ranura] = field(default_factory=dict)
    plantilla: tuple | None = None
    etapa: int = 0
    recs: list[str] = field(default_factory=list)
    programado: dict[int, int] = field(default_factory=dict)

    @property
    def impacta(self) -> bool:
        return any(
            r.estado == "aprobada" and not r.no_aplica and not r.cero for r in self.ranuras.values()
        )


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
    return sorted(
        [
            f"dependencia {s}"
            for s in Dependencia.objects.filter(siglas__in=siglas).values_list("siglas", flat=True)
        ]
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
def cargar(dry_run: bool = False) -> dict:
    """Load the whole demo (rolled back with dry_run).

    Raises DemoYaCargada if it is there already, DatosEnConflicto if other data uses its keys.
    """
    if demo_cargada():
        raise DemoYaCargada
    if choques := conflictos():
        raise DatosEnConflicto(choques)
    rng = random.Random(SEMILLA)
    ejercicio = Ejercicio.objects.filter(anio=ANIO).first() or Ejercicio.objects.crear(ANIO)
    ejercicio.crear_periodos()
    periodos = {p.numero: p for p in ejercicio.periodos.all()}

    usuarios = _cuentas()
    recs = _recomendaciones(rng)
    tipos = _tipos_accion()
    deps = _dependencias(usuarios)
    planes = _planear(rng)
    metas = _metas(rng, ejercicio, periodos, deps, tipos, recs, planes)
    n_fichas = _fichas(rng, periodos, metas, planes, usuarios)
    if dry_run:
        transaction.set_rollback(True)
    return {
        "recomendaciones": len(recs),
        "dependencias": len(deps),
        "metas": len(metas),
        "fichas": n_fichas,
    }


# --- accounts -------------------------------------------------------------------------


def _cuentas() -> dict:
    """The demo accounts plus one (no-login) enlace per dependencia without a demo account."""
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


def _dependencias(usuarios: dict) -> dict[str, Dependencia]:
    User = get_user_model()
    deps = [
        Dependencia(
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


# --- the plan: which meta is programmed and reported when -----------------------------


def _planear(rng: random.Random) -> list[PlanMeta]:
    planes: list[PlanMeta] = []
    for siglas, _n, _t, _c, (a1, a2, b, c, s1, s2, o) in PLAN:
        grupo_b = [PlanMeta(siglas, "B") for _ in range(b)]
        grupo_a1 = [PlanMeta(siglas, "A1") for _ in range(a1 - b)]
        grupo_a2 = [PlanMeta(siglas, "A2") for _ in range(a2 - b)]
        grupo_c = [PlanMeta(siglas, "C") for _ in range(c)]
        for p in grupo_b + grupo_a1:
            p.ranuras[1] = Ranura(1)
        for p in grupo_b + grupo_a2:
            p.ranuras[2] = Ranura(2)
        # Submitted: the o metas reported in both periodos first, then the others.
        t1 = (grupo_b[:o] + grupo_a1 + grupo_b[o:])[:s1]
        resto_b = [p for p in grupo_b[o:] if p not in t1]
        t2 = (grupo_b[:o] + grupo_a2 + resto_b)[:s2]
        assert len(t1) == s1 and len(t2) == s2, siglas
        assert len([p for p in t1 if p in t2]) == o, siglas
        for p in t1:
            p.ranuras[1].enviada = True
        for p in t2:
            p.ranuras[2].enviada = True
        # Unsubmitted slots: a borrador now and then; the dependencias with a demo account
        # get exactly one borrador and one meta with no ficha in T2 (someone can try both).
        pendientes_t2 = [p for p in grupo_b + grupo_a2 if not p.ranuras[2].enviada]
        if siglas in DEPENDENCIAS_CON_CUENTA:
            assert len(pendientes_t2) == 2, siglas
            pendientes_t2[0].ranuras[2].borrador = True
        else:
            for p in pendientes_t2:
                p.ranuras[2].borrador = rng.random() < 0.4
        for p in grupo_b + grupo_a1:
            if not p.ranuras[1].enviada:
                p.ranuras[1].borrador = rng.random() < 0.3
        planes += grupo_b + grupo_a1 + grupo_a2 + grupo_c
    _decidir_estados(rng, planes)
    return planes


ALTA = {r[0] for r in PLAN[:9]}
CON_IMPACTADAS = {
    siglas for siglas, ts in METAS.items() if any(r.startswith("I") for t in ts for r in t[5])
}


def _decidir_estados(rng: random.Random, planes: list[PlanMeta]) -> None:
    """Final state of every submitted ficha; which metas show progress follows from it."""
    reportadas = [p for p in planes if any(r.enviada for r in p.ranuras.values())]
    for p in reportadas:
        # High-response dependencias also get most of their fichas approved.
        con_avance = rng.random() < (0.72 if p.dependencia in ALTA else 0.3)
        # Only a meta that can answer an impactada may show progress.
        con_avance = con_avance and p.dependencia in CON_IMPACTADAS
        for r in sorted(p.ranuras.values(), key=lambda r: r.numero):
            if not r.enviada:
                continue
            r.tardia = rng.random() < 0.16
            if con_avance:
                azar = rng.random()
                if r.numero == 1:
                    r.estado = "aprobada" if azar < 0.9 else "observada"
                else:
                    r.estado = (
                        "aprobada" if azar < 0.6 else "enviada" if azar < 0.85 else "observada"
                    )
            else:
                r.estado = "observada" if rng.random() < 0.5 else "enviada"
            # An observada was returned by definition; others were, about a third of the time.
            r.devuelta = r.estado == "observada" or rng.random() < 0.3
        if con_avance and not p.impacta:
            primera = min((r for r in p.ranuras.values() if r.enviada), key=lambda r: r.numero)
            primera.estado = "aprobada"
    # Two approved "no aplica" and one approved with quantity 0: responses, never progress.
    sin_avance = [p for p in reportadas if not p.impacta]
    especiales = [r for p in sin_avance for r in p.ranuras.values() if r.enviada][:6:2]
    for r, tipo in zip(especiales, ["no_aplica", "no_aplica", "cero"], strict=False):
        r.estado = "aprobada"
        r.devuelta = False
        setattr(r, tipo, True)
    # Each demo account's dependencia has an observada ficha in T2 to answer.
    for siglas in DEPENDENCIAS_CON_CUENTA:
        t2 = [
            (p, p.ranuras[2])
            for p in planes
            if p.dependencia == siglas and 2 in p.ranuras and p.ranuras[2].enviada
        ]
        if any(r.estado == "observada" for _p, r in t2):
            continue
        # Prefer a ficha whose meta keeps its progress from T1 (or never had any).
        p, r = next(
            (p, r)
            for p, r in t2
            if r.estado != "aprobada" or (1 in p.ranuras and p.ranuras[1].estado == "aprobada")
        )
        r.estado, r.devuelta, r.no_aplica, r.cero = "observada", True, False, False


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
    _cubrir(planes)

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


def _cubrir(planes: list[PlanMeta]) -> None:
    """Check every impactada is linked to a meta with progress and every programada to a meta.

    The templates in METAS are written so this holds; fail loudly rather than link a
    recomendación to a meta about something else.
    """
    ligadas_con_avance = {r for p in planes if p.impacta for r in p.recs}
    faltan = [local for local, *_r in IMPACTADAS if local not in ligadas_con_avance]
    ligadas = {r for p in planes for r in p.recs}
    faltan += [local for local, *_r in NO_IMPACTADAS if local not in ligadas]
    assert not faltan, f"Recomendaciones sin meta adecuada en METAS: {faltan}"


# --- fichas ---------------------------------------------------------------------------


def _momento(fecha: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        fecha, datetime.time(rng.randint(9, 17), rng.choice([0, 10, 20, 30, 40, 50])), tzinfo=TZ
    )


def _dias(rng: random.Random, a: int, b: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(a, b), minutes=rng.randint(0, 200))


def _fichas(rng, periodos, metas, planes, usuarios) -> int:
    analistas = [usuarios["analista"], usuarios["analista2"]]
    codigos = {c.clave: c for c in CodigoObservacion.objects.all()}
    fichas: list[FichaTecnica] = []
    eventos: list[
        list[tuple]
    ] = []  # per ficha: (accion, anterior, nuevo, usuario, fecha, comentario)
    devoluciones: list[list[tuple]] = []  # per ficha: [(codigo, texto, campos, respuesta)]
    for meta, p in zip(metas, planes, strict=True):
        enlace = usuarios[f"enlace:{p.dependencia}"]
        for numero, r in sorted(p.ranuras.items()):
            if not (r.enviada or r.borrador):
                continue
            periodo = periodos[numero]
            limite = periodo.fecha_limite
            programada = p.programado[numero]
            ficha = FichaTecnica(meta=meta, periodo=periodo, creada_por=enlace)
            _contenido(rng, ficha, p, r, programada)
            creada = _momento(periodo.fin - datetime.timedelta(days=rng.randint(2, 12)), rng)
            evs = [("crear", "", "borrador", enlace, creada, "")]
            obs: list[tuple] = []
            if r.enviada:
                if r.tardia:
                    envio = _momento(limite + datetime.timedelta(days=rng.randint(1, 4)), rng)
                else:
                    envio = _momento(limite - datetime.timedelta(days=rng.randint(0, 8)), rng)
                envio = max(envio, creada + datetime.timedelta(hours=3))
                analista = analistas[rng.randint(0, 1)]
                evs.append(("enviar", "borrador", "enviada", enlace, envio, ""))
                ficha.primer_envio_en = ficha.enviada_en = envio
                momento = envio
                if r.devuelta:
                    momento += _dias(rng, 1, 3)
                    clave = rng.choice(list(OBSERVACIONES))
                    texto, campos = OBSERVACIONES[clave]
                    evs.append(("devolver", "enviada", "observada", analista, momento, texto))
                    ficha.revisada_en, ficha.revisada_por = momento, analista
                    respondida = r.estado != "observada"
                    obs.append(
                        (
                            codigos[clave],
                            texto,
                            campos,
                            "Se corrigió y se adjuntó lo solicitado." if respondida else "",
                        )
                    )
                    if respondida:
                        momento += _dias(rng, 1, 2)
                        evs.append(
                            (
                                "enviar",
                                "observada",
                                "enviada",
                                enlace,
                                momento,
                                "Se atendieron las observaciones.",
                            )
                        )
                        ficha.enviada_en = momento
                if r.estado == "aprobada":
                    momento += _dias(rng, 1, 2)
                    evs.append(("aprobar", "enviada", "aprobada", analista, momento, ""))
                    ficha.revisada_en, ficha.revisada_por, ficha.aprobada_en = (
                        momento,
                        analista,
                        momento,
                    )
                ficha.estado = r.estado
            assert evs[-1][4] <= AHORA, (meta.clave, evs[-1][4])
            ficha.version = len(evs)
            fichas.append(ficha)
            eventos.append(evs)
            devoluciones.append(obs)
    FichaTecnica.objects.bulk_create(fichas)
    for ficha, evs in zip(fichas, eventos, strict=True):
        ficha.creada_en = evs[0][4]
        ficha.actualizada_en = evs[-1][4]
    FichaTecnica.objects.bulk_update(fichas, ["creada_en", "actualizada_en"], batch_size=200)

    historial = [
        HistorialFicha(
            ficha=ficha,
            accion=accion,
            estado_anterior=anterior,
            estado_nuevo=nuevo,
            usuario=usuario,
            fecha=fecha,
            comentario=comentario,
        )
        for ficha, evs in zip(fichas, eventos, strict=True)
        for accion, anterior, nuevo, usuario, fecha, comentario in evs
    ]
    HistorialFicha.objects.bulk_create(historial)
    fechas = [e[4] for evs in eventos for e in evs]
    for h, fecha in zip(historial, fechas, strict=True):
        h.fecha = fecha
    HistorialFicha.objects.bulk_update(historial, ["fecha"], batch_size=300)

    observaciones = []
    respuestas = []
    por_ficha = {}
    for h in historial:
        if h.accion == "devolver":
            por_ficha[h.ficha_id] = h
    for ficha, evs, obs in zip(fichas, eventos, devoluciones, strict=True):
        for codigo, texto, campos, respuesta in obs:
            devolucion = por_ficha[ficha.pk]
            reenvio = next((e[4] for e in evs if e[0] == "enviar" and e[1] == "observada"), None)
            observaciones.append(
                Observacion(
                    ficha=ficha,
                    devolucion=devolucion,
                    codigo=codigo,
                    texto=texto,
                    campos=campos,
                    creada_por=devolucion.usuario,
                    respuesta=respuesta,
                    respondida_en=reenvio,
                )
            )
            respuestas.append(devolucion.fecha)
    Observacion.objects.bulk_create(observaciones)
    for o, fecha in zip(observaciones, respuestas, strict=True):
        o.creada_en = fecha
    Observacion.objects.bulk_update(observaciones, ["creada_en"], batch_size=300)
    return len(fichas)


BENEFICIARIOS = [
    ("mujeres_18_29", 26), ("mujeres_30_59", 34), ("mujeres_12_17", 8), ("mujeres_0_11", 5),
    ("mujeres_60", 5), ("hombres_18_29", 7), ("hombres_30_59", 9), ("hombres_12_17", 3),
    ("noesp_ne", 3),
]  # fmt: skip
POR_UNIDAD = {"cap": (15, 35), "comun": (12, 30), "reed": (8, 15), "aten": (1, 1), "acomp": (1, 1), "vinc": (1, 1)}  # fmt: skip


def _contenido(rng, ficha: FichaTecnica, p: PlanMeta, r: Ranura, programada: int) -> None:
    """Quantity, narrative, place, beneficiaries and budget of one ficha."""
    desc, _linea, tipo, unidad, _base, _recs = p.plantilla
    if r.no_aplica:
        ficha.no_aplica = True
        ficha.justificacion_no_aplica = (
            "La actividad se reprogramó para el siguiente trimestre por el calendario escolar "
            "y la disponibilidad de las instalaciones."
        )
        return
    if r.cero:
        cantidad = 0
    else:
        cantidad = max(1, round(programada * rng.choice([0.6, 0.8, 0.9, 1, 1, 1, 1.1, 1.2, 1.4])))
    ficha.cantidad_alcanzada = cantidad
    colonias = rng.sample(COLONIAS, 2)
    ficha.lugar = ", ".join(colonias)
    ficha.actividades = (
        f"{desc}. Resultado del periodo: {cantidad} ({unidad.lower()}), con actividades en "
        f"{colonias[0]} y {colonias[1]}, en coordinación con el enlace de la dependencia."
    )
    inicio = ficha.periodo.inicio
    ficha.fechas_realizacion = (
        f"{inicio.day + rng.randint(3, 9):02d}/{inicio.month:02d}/{inicio.year} al "
        f"{rng.randint(20, 28):02d}/{inicio.month + 2:02d}/{inicio.year}"
    )
    if cantidad != programada:
        ficha.justificacion_variacion = (
            "Se superó lo programado por la demanda de las colonias atendidas."
            if cantidad > programada
            else "La cantidad fue menor por la cancelación de sesiones y la disponibilidad del personal."
        )
    if tipo in POR_UNIDAD:
        total = cantidad * rng.randint(*POR_UNIDAD[tipo])
        for campo, peso in BENEFICIARIOS:
            setattr(ficha, campo, round(total * peso / 100))
    if tipo not in ("dif",) and cantidad:
        ficha.presupuesto_ejercido = Decimal(rng.randint(20, 900) * 100) + Decimal(
            "0.50"
        ) * rng.randint(0, 1)
        ficha.fuente_presupuesto = rng.choice(FUENTES)
    if rng.random() < 0.3:
        ficha.obstaculos = (
            "Cambios de horario de las participantes y falta de transporte a las sedes."
        )
    if rng.random() < 0.5:
        ficha.coordinacion = (
            "Instituto Municipal de las Mujeres; Fiscalía Especializada de la Mujer."
        )
