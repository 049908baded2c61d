"""The demo's fichas: content, submission, review and returns as the plan says, each step in
the history at a fixed moment, written in bulk."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from fichas.models import CodigoObservacion, FichaTecnica, HistorialFicha, Observacion

from .calendario import AHORA, TZ
from .plan import PlanMeta, Ranura

COLONIAS = [
    "Col. Riberas del Bravo", "Col. Anapra", "Col. Felipe Ángeles", "Col. Parajes del Sur",
    "Col. Toribio Ortega", "Col. Díaz Ordaz", "Col. Altavista", "Col. Juárez Nuevo",
    "Fracc. Praderas del Sur", "Col. Morelos", "Col. Francisco I. Madero", "Col. Frida Kahlo",
    "Col. Lomas de Poleo", "Col. Granjas de Chapultepec", "Col. Héroes de la Revolución",
    "Sector Centro", "Distrito Aldama", "Distrito Babícora", "Distrito Benito Juárez",
    "Distrito Chihuahua", "Distrito Cuauhtémoc", "Distrito Delicias", "Suroriente (Valle de Juárez)",
]  # fmt: skip
FUENTES = ["Recurso municipal ordinario", "FORTAMUN", "Programa de Apoyo a las Instancias de Mujeres (PAIMEF)", "Recurso municipal etiquetado AVGM"]  # fmt: skip

OBSERVACIONES = {
    "falta-evidencia": ("Adjunte la lista de asistencia y las fotografías de la actividad.", ["actividades"]),
    "desagregacion-no-cuadra": ("La suma de personas beneficiarias por sexo y edad no coincide con lo reportado en actividades.", ["mujeres_18_29", "mujeres_30_59"]),
    "narrativa-no-corresponde": ("Las actividades descritas no corresponden a la meta; describa qué se hizo para cumplirla.", ["actividades"]),
    "presupuesto-sin-fuente": ("Indique la fuente del presupuesto ejercido.", ["fuente_presupuesto"]),
    "otra": ("Justifique la diferencia entre lo programado y lo alcanzado.", ["justificacion_variacion"]),
}  # fmt: skip


def _momento(fecha: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        fecha, datetime.time(rng.randint(9, 17), rng.choice([0, 10, 20, 30, 40, 50])), tzinfo=TZ
    )


def _dias(rng: random.Random, a: int, b: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(a, b), minutes=rng.randint(0, 200))


def crear_fichas(rng, periodos, metas, planes, usuarios) -> int:
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
    historial = guardar_con_historial(fichas, eventos)

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


def guardar_con_historial(
    fichas: list[FichaTecnica], eventos: list[list[tuple]]
) -> list[HistorialFicha]:
    """Insert `fichas` and their history, one list of events per ficha, each
    (accion, anterior, nuevo, usuario, fecha, comentario): a ficha is created at its first
    event and last changed at its last. The dates are set again after the inserts, which
    stamp the moment of the load. Returns the history rows, in the order of the events."""
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
    return historial


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
