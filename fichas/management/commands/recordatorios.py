"""Send each enlace one digest of its fichas due soon or overdue."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef
from django.utils import timezone

from avgm.numeros import entero
from dependencias.correo import enlaces_con_correo, enviar
from dependencias.models import Programacion
from fichas.models import FichaTecnica

Estado = FichaTecnica.Estado


class Command(BaseCommand):
    help = (
        "Envía a cada enlace activo UN correo con las fichas de sus dependencias que vencen "
        "en los próximos --dias días o ya vencieron y aún no se envían (sin iniciar, borrador "
        "u observada), en periodos abiertos con cantidad programada. Si alguna está vencida, "
        "copia a la persona titular de la dependencia. --dry-run solo informa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dias", type=int, default=7, help="Ventana de «por vencer».")
        parser.add_argument(
            "--hoy", type=datetime.date.fromisoformat, help="Fecha de referencia (aaaa-mm-dd)."
        )
        parser.add_argument("--dry-run", action="store_true", help="No envía nada.")

    def handle(self, *args, dias: int, hoy: datetime.date | None, dry_run: bool, **opts) -> None:
        hoy = hoy or timezone.localdate()
        limite = hoy + datetime.timedelta(days=dias)
        enviada = FichaTecnica.objects.filter(
            meta=OuterRef("meta"),
            periodo=OuterRef("periodo"),
            estado__in=[Estado.ENVIADA, Estado.APROBADA],
        )
        pendientes = list(
            Programacion.objects.filter(
                cantidad__gt=0,
                meta__activa=True,
                periodo__cerrado=False,
                periodo__fecha_limite__lte=limite,
            )
            .filter(~Exists(enviada))
            .select_related("meta__dependencia", "periodo__ejercicio")
            .order_by("periodo__fecha_limite", "meta__clave")
        )
        fichas = {
            (f.meta_id, f.periodo_id): f.estado
            for f in FichaTecnica.objects.filter(
                meta_id__in={p.meta_id for p in pendientes},
                periodo_id__in={p.periodo_id for p in pendientes},
            )
        }
        por_dependencia: dict[int, list] = {}
        for p in pendientes:
            p.estado = dict(Estado.choices).get(
                fichas.get((p.meta_id, p.periodo_id)), "Sin iniciar"
            )
            p.vencida = p.periodo.fecha_limite < hoy
            por_dependencia.setdefault(p.meta.dependencia_id, []).append(p)

        enlaces = (
            enlaces_con_correo()
            .filter(dependencia_id__in=por_dependencia)
            .select_related("usuario", "dependencia")
            .order_by("usuario_id", "dependencia__municipio_id")
        )
        # One digest per person and municipio: each is signed by its municipio's institution
        # and lists only that municipio's fichas.
        por_usuario: dict[tuple[int, int], tuple] = {}
        for e in enlaces:
            clave = (e.usuario_id, e.dependencia.municipio_id)
            usuario, deps = por_usuario.setdefault(clave, (e.usuario, []))
            deps.append(e.dependencia)
        correos = 0
        for (_, municipio), (usuario, deps) in por_usuario.items():
            lista = [p for d in deps for p in por_dependencia[d.pk]]
            vencidas = sum(1 for p in lista if p.vencida)
            copia = [d.titular_email for d in deps if any(p.vencida for p in por_dependencia[d.pk])]
            self.stdout.write(
                f"{usuario.email}: {entero(len(lista))} pendiente(s), {entero(vencidas)} vencida(s)"
                + (f", copia a {', '.join(c for c in copia if c)}" if any(copia) else "")
            )
            if not dry_run:
                correos += enviar(
                    "fichas/correo/recordatorio",
                    {
                        "usuario": usuario,
                        "pendientes": lista,
                        "vencidas": vencidas,
                        "dependencias": ", ".join(d.siglas for d in deps),
                    },
                    [usuario.email],
                    copia=[c for c in copia if c],
                    municipio=municipio,
                )
        self.stdout.write(
            f"{entero(len({u for u, _ in por_usuario}))} enlace(s) con pendientes; {entero(correos)} correo(s) en "
            "cola de envío" + (" (simulación)" if dry_run else "")
        )
