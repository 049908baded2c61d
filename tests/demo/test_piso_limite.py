"""On time means first submitted before local midnight after the deadline day, in the report's
QuerySets and in the bench's floor alike (no per-row time-zone conversion in either)."""

import datetime

from django.utils import timezone

from demo.piso import cifras_del_piso, piso
from fichas.models import FichaTecnica
from informes.cifras.corte import Corte
from informes.cifras.figures import calcular
from tests.factories import FichaFactory, MetaFactory, ejercicio, periodo


def _enviada(meta, momento: datetime.datetime):
    return FichaFactory(meta=meta, estado=FichaTecnica.Estado.ENVIADA, primer_envio_en=momento)


def test_the_deadline_day_ends_at_local_midnight_in_the_floor_and_the_report(db):
    ejercicio(2022)
    limite = periodo(2022, 1).fecha_limite
    ultimo_minuto = timezone.make_aware(datetime.datetime.combine(limite, datetime.time(23, 59)))
    siguiente_dia = ultimo_minuto + datetime.timedelta(minutes=1)
    a_tiempo = _enviada(MetaFactory(programado={1: 1}), ultimo_minuto)
    tarde = _enviada(MetaFactory(programado={1: 1}), siguiente_dia)

    assert set(FichaTecnica.objects.a_tiempo()) == {a_tiempo}
    assert set(FichaTecnica.objects.tardias()) == {tarde}
    assert not a_tiempo.tardia and tarde.tardia
    corte = Corte.buscar(2022, "T1")
    suelo = piso(corte)
    assert suelo["oportunidad"] == {"esperadas": 2, "a_tiempo": 1}
    assert suelo == cifras_del_piso(calcular(corte))
