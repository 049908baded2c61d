"""`manage.py limpiar_cargas`: abandoned import uploads go, evidence and fresh uploads stay."""

import io
import os
import time

from django.core.management import call_command


def _archivo(ruta, horas_atras: float):
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_bytes(b"PK")
    antes = time.time() - horas_atras * 3600
    os.utime(ruta, (antes, antes))
    return ruta


def test_it_removes_only_old_uploads_in_the_imports_folder(media_tmp):
    viejo = _archivo(media_tmp / "importaciones" / "a1.xlsx", horas_atras=30)
    reciente = _archivo(media_tmp / "importaciones" / "b2.xlsx", horas_atras=1)
    evidencia = _archivo(media_tmp / "evidencias" / "2022" / "c3.pdf", horas_atras=500)
    salida = io.StringIO()

    call_command("limpiar_cargas", stdout=salida)

    assert not viejo.exists()
    assert reciente.exists()
    assert evidencia.exists()
    assert "1 cargas" in salida.getvalue()


def test_it_never_follows_a_link_out_of_the_folder(media_tmp):
    evidencia = _archivo(media_tmp / "evidencias" / "c3.pdf", horas_atras=500)
    enlace = media_tmp / "importaciones" / "trampa.xlsx"
    enlace.parent.mkdir(parents=True)
    enlace.symlink_to(evidencia)

    call_command("limpiar_cargas", "--horas", "0", stdout=io.StringIO())

    assert evidencia.exists()


def test_dry_run_deletes_nothing(media_tmp):
    viejo = _archivo(media_tmp / "importaciones" / "a1.xlsx", horas_atras=30)
    salida = io.StringIO()

    call_command("limpiar_cargas", "--dry-run", stdout=salida)

    assert viejo.exists()
    assert "Se borrarían 1" in salida.getvalue()


def test_it_does_nothing_when_no_upload_ever_happened(media_tmp):
    salida = io.StringIO()
    call_command("limpiar_cargas", stdout=salida)
    assert "0 cargas" in salida.getvalue()
