"""A second municipio under the same alert, invented from top to bottom: «Municipio de
demostración», with its own institute, five dependencias (two share siglas with Juárez's, as
real municipalities do: each municipio's siglas are its own), its 2022 ejercicio, ten metas
with their programación and the fichas of T1 and T2, mostly approved.

It exists so a deployment with several municipios can be seen working: the Coordinación
estatal compares two municipios, and each analista sees only its own. Nothing here is random
and every timestamp is a fixed moment of 2022, so two loads give the same rows. Loaded after
Juárez (`carga.cargar`), so Juárez's rows keep their order.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from avgm.models import Ejercicio, Institucion, Municipio, Recomendacion
from avgm.plataforma import roles
from dependencias.models import Dependencia, Enlace, Meta, Programacion, TipoAccion
from dependencias.unidades import unidades_registrar
from fichas.models import CodigoObservacion, FichaTecnica, Observacion

from .ambito import CLAVE_DEMOSTRACION
from .calendario import AHORA, ANIO, TZ
from .cuentas import CUENTAS_DEMOSTRACION, adscribir, crear_cuentas
from .dependencias import TIPOS_ACCION
from .fichas import guardar_con_historial

NOMBRE = "Municipio de demostración"
INSTITUTO = "Instituto Municipal de las Mujeres (demostración)"
DOMINIO = "demostracion.example.org"  # a reserved domain: no mail reaches anyone
PREFIJO = f"DEMO-{ANIO}-"

# siglas, nombre, titular, correo
DEPENDENCIAS = [
    ("DIF", "Sistema para el Desarrollo Integral de la Familia (demostración)", "Lic. Ana Ejemplo Ficticia", "dif"),
    ("SSPM", "Secretaría de Seguridad Pública Municipal (demostración)", "Cmte. Bruno Inventado Pérez", "sspm"),
    ("IMMD", "Instituto Municipal de las Mujeres (demostración)", "Mtra. Carla Supuesta Ruiz", "immd"),
    ("DEC", "Dirección de Educación y Cultura (demostración)", "Profra. Dora Modelo Sáenz", "dec"),
    ("OPE", "Obras y Parques del Espacio Público (demostración)", "Arq. Elías Muestra Lara", "ope"),
]  # fmt: skip

# dependencia, meta, tipo de acción, unidad de medida, programado T1–T4, how many of the
# applicable recomendaciones it answers (taken in order), and how its T1 and T2 fichas end
# ("" = no ficha; "borrador" = written, not sent).
METAS = [
    ("DIF", "Brindar atención psicológica a mujeres y sus hijas e hijos en el centro de atención de demostración", "aten", "Atenciones", (40, 45, 45, 40), 2, ("aprobada", "aprobada")),
    ("DIF", "Impartir talleres de crianza sin violencia en escuelas de demostración", "cap", "Talleres", (4, 5, 5, 4), 1, ("aprobada", "enviada")),
    ("SSPM", "Capacitar a policías en el protocolo de atención de demostración", "cap", "Capacitaciones", (3, 3, 2, 2), 2, ("aprobada", "aprobada")),
    ("SSPM", "Dar seguimiento a órdenes de protección en el municipio de demostración", "acomp", "Seguimientos", (20, 25, 25, 20), 1, ("aprobada", "observada")),
    ("IMMD", "Difundir la campaña ficticia «Vivir sin violencia» en medios locales", "camp", "Campañas", (1, 1, 1, 1), 2, ("aprobada", "aprobada")),
    ("IMMD", "Acompañar a mujeres en procesos jurídicos (caso de demostración)", "acomp", "Acompañamientos", (10, 12, 12, 10), 1, ("aprobada", "aprobada")),
    ("DEC", "Impartir pláticas de prevención del noviazgo violento en secundarias de demostración", "comun", "Pláticas", (0, 6, 6, 4), 2, ("", "aprobada")),
    ("DEC", "Elaborar un protocolo escolar de demostración contra el acoso", "prot", "Protocolos", (0, 1, 0, 0), 1, ("", "borrador")),
    ("OPE", "Rehabilitar luminarias en parques y paraderos de demostración", "infra", "Luminarias", (30, 30, 20, 20), 2, ("aprobada", "aprobada")),
    ("OPE", "Recuperar un espacio público inventado con perspectiva de género", "infra", "Espacios", (0, 0, 1, 1), 1, ("", "")),
]  # fmt: skip

LUGARES = ["Col. Centro (demostración)", "Col. Las Flores (ficticia)", "Fracc. Los Ejemplos"]
OBSERVACION = "Adjunte la lista de asistencia y las fotografías de la actividad."


def cargar_municipio_demostracion() -> dict:
    """Create the invented municipio and everything it runs; totals by kind."""
    municipio = _municipio()
    ejercicio = Ejercicio.objects.crear(ANIO, municipio=municipio)
    periodos = {p.numero: p for p in ejercicio.periodos.all()}
    usuarios = crear_cuentas(municipio, CUENTAS_DEMOSTRACION, dominio=DOMINIO)
    deps, enlaces = _dependencias(municipio)
    metas = _metas(ejercicio, periodos, deps)
    fichas = _fichas(metas, periodos, enlaces, usuarios["analista.demostracion"])
    return {"dependencias": len(deps), "metas": len(metas), "fichas": fichas}


def _municipio() -> Municipio:
    institucion = Institucion.objects.create(
        nombre=INSTITUTO, municipio=NOMBRE, administracion="Administración de demostración"
    )
    return Municipio.objects.create(
        nombre=NOMBRE,
        clave=CLAVE_DEMOSTRACION,
        institucion=institucion,
        demostracion=True,
        orden=1,
    )


def _dependencias(municipio: Municipio) -> tuple[dict[str, Dependencia], dict[str, object]]:
    """The dependencias, each with an enlace who cannot log in (every ficha says who wrote it)."""
    User = get_user_model()
    deps = {
        siglas: Dependencia(
            municipio=municipio,
            siglas=siglas,
            nombre=nombre,
            titular=titular,
            titular_email=f"titular.{correo}@{DOMINIO}",
        )
        for siglas, nombre, titular, correo in DEPENDENCIAS
    }
    Dependencia.objects.bulk_create(deps.values())
    User.objects.bulk_create(
        User(
            username=f"enlace.demostracion.{correo}",
            first_name="Enlace",
            last_name=f"{siglas} (demostración)",
            email=f"enlace.{correo}@{DOMINIO}",
            password=make_password(None),
            date_joined=datetime.datetime(2022, 2, 25, 9, 0, tzinfo=TZ),
        )
        for siglas, _n, _t, correo in DEPENDENCIAS
    )
    por_usuario = {f"enlace.demostracion.{d[3]}": d[0] for d in DEPENDENCIAS}
    usuarios = list(User.objects.filter(username__in=por_usuario))
    Group.objects.get(name=roles.ENLACE).user_set.add(*usuarios)
    adscribir(municipio, usuarios)
    enlaces = {por_usuario[u.username]: u for u in usuarios}
    Enlace.objects.bulk_create(
        Enlace(usuario=enlaces[siglas], dependencia=dep) for siglas, dep in deps.items()
    )
    Enlace.objects.filter(dependencia__in=deps.values()).update(desde=datetime.date(2022, 3, 1))
    return deps, enlaces


def _metas(ejercicio, periodos, deps) -> list[Meta]:
    tipos = {
        clave: TipoAccion.objects.get(nombre=nombre) for clave, (nombre, _m) in TIPOS_ACCION.items()
    }
    recs = list(Recomendacion.objects.aplicables(ejercicio).order_by("orden", "clave"))
    metas = [
        Meta(
            ejercicio=ejercicio,
            dependencia=deps[siglas],
            clave=f"{PREFIJO}{n:03d}",
            descripcion=descripcion,
            linea_accion="Línea de acción de demostración",
            tipo_accion=tipos[tipo],
            unidad_medida=unidad,
        )
        for n, (siglas, descripcion, tipo, unidad, *_resto) in enumerate(METAS, start=1)
    ]
    Meta.objects.bulk_create(metas)
    unidades_registrar(m.unidad_medida for m in metas)
    MR = Meta.recomendaciones.through
    enlazadas = []
    siguiente = 0
    for meta, (*_inicio, cuantas, _estados) in zip(metas, METAS, strict=True):
        for _ in range(cuantas):
            enlazadas.append(MR(meta=meta, recomendacion=recs[siguiente % len(recs)]))
            siguiente += 7  # spread over the declaratoria, not its first few
    MR.objects.bulk_create(enlazadas)
    Programacion.objects.bulk_create(
        Programacion(meta=meta, periodo=periodos[numero], cantidad=cantidad)
        for meta, fila in zip(metas, METAS, strict=True)
        for numero, cantidad in enumerate(fila[4], start=1)
    )
    return metas


def _momento(fecha: datetime.date, hora: int) -> datetime.datetime:
    return datetime.datetime.combine(fecha, datetime.time(hora, 0), tzinfo=TZ)


def _fichas(metas, periodos, enlaces, analista) -> int:
    """The T1 and T2 fichas with their history; the observada one carries its observación."""
    fichas, historias = [], []
    for n, (meta, fila) in enumerate(zip(metas, METAS, strict=True)):
        siglas, descripcion, tipo, unidad, programado, _r, estados = fila
        enlace = enlaces[siglas]
        for numero, estado in zip((1, 2), estados, strict=True):
            if not estado:
                continue
            periodo = periodos[numero]
            programada = programado[numero - 1]
            cantidad = programada + (n % 3) - 1 if programada > 2 else programada
            lugar = LUGARES[(n + numero) % len(LUGARES)]
            ficha = FichaTecnica(
                meta=meta,
                periodo=periodo,
                creada_por=enlace,
                cantidad_alcanzada=cantidad,
                lugar=lugar,
                actividades=f"{descripcion}. Resultado del periodo: {cantidad} "
                f"({unidad.lower()}) en {lugar}. Datos inventados para la demostración.",
                fechas_realizacion=f"{periodo.inicio:%d/%m/%Y} al {periodo.fin:%d/%m/%Y}",
                justificacion_variacion=""
                if cantidad == programada
                else "Variación de demostración respecto de lo programado.",
            )
            if tipo in ("aten", "cap", "acomp", "comun"):
                ficha.mujeres_18_29 = cantidad * 2
                ficha.mujeres_30_59 = cantidad * 3
            if tipo != "dif" and cantidad:
                ficha.presupuesto_ejercido = Decimal(1500 * (n + 1))
                ficha.fuente_presupuesto = "Recurso municipal de demostración"
            creada = _momento(periodo.fin - datetime.timedelta(days=5), 10)
            eventos = [("crear", "", "borrador", enlace, creada, "")]
            if estado != "borrador":
                envio = _momento(periodo.fecha_limite - datetime.timedelta(days=2), 12)
                eventos.append(("enviar", "borrador", "enviada", enlace, envio, ""))
                ficha.primer_envio_en = ficha.enviada_en = envio
                revision = envio + datetime.timedelta(days=2)
                if estado == "observada":
                    eventos.append(
                        ("devolver", "enviada", "observada", analista, revision, OBSERVACION)
                    )
                    ficha.revisada_en, ficha.revisada_por = revision, analista
                if estado == "aprobada":
                    eventos.append(("aprobar", "enviada", "aprobada", analista, revision, ""))
                    ficha.revisada_en, ficha.revisada_por = revision, analista
                    ficha.aprobada_en = revision
            ficha.estado = estado
            ficha.version = len(eventos)
            assert eventos[-1][4] <= AHORA, (meta.clave, eventos[-1][4])
            fichas.append(ficha)
            historias.append(eventos)
    historial = guardar_con_historial(fichas, historias)
    codigo = CodigoObservacion.objects.get(clave="falta-evidencia")
    devoluciones = [h for h in historial if h.accion == "devolver"]
    observaciones = [
        Observacion(
            ficha=h.ficha,
            devolucion=h,
            codigo=codigo,
            texto=OBSERVACION,
            campos=["actividades"],
            creada_por=analista,
        )
        for h in devoluciones
    ]
    Observacion.objects.bulk_create(observaciones)
    for o, h in zip(observaciones, devoluciones, strict=True):
        o.creada_en = h.fecha  # set after the insert, which stamps the moment of the load
    Observacion.objects.bulk_update(observaciones, ["creada_en"])
    return len(fichas)
