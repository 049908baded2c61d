"""The narrative IMM staff wrote for the Ene–Jun 2022 corte (from the seed report).

Loaded by `manage.py demo` after the data, so the demo report reads like the real one. The
computed figures are never here: only the text sections analistas write by hand.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from demo import ambito
from informes.models import NarrativaCorte
from informes.publicacion import guardar_narrativa

NARRATIVA_ENE_JUN_2022 = {
    "principales": "\n".join(
        [
            "Garantizar espacios físicos y condiciones materiales para la instalación de unidades "
            "de atención de violencia familiar, con áreas de trabajo social, psicología y jurídico.",
            "Diseño y atención de protocolos de atención.",
            "Capacitación a las y los servidores públicos que atienden directamente a mujeres "
            "víctimas de violencia, niñas y niños.",
            "Acompañamiento e interpretación a comunidades originarias para el acceso a la justicia.",
            "Establecer procesos de reeducación con agresores.",
            "Impulsar y fortalecer procesos comunitarios.",
            "Mejoramiento del espacio público para la prevención de la violencia.",
            "Sensibilización a la ciudadanía, incluyendo al sector privado y al sector escolar.",
            "Garantizar el acceso a la información sobre las acciones gubernamentales y el uso "
            "del presupuesto a través de la rendición de cuentas.",
            "Fortalecer la vinculación de las instituciones con la sociedad civil.",
            "Promover la participación ciudadana.",
        ]
    ),
    "valoracion_gim": (
        "Se espera la respuesta del GIM sobre la evaluación de las acciones realizadas en los 5 "
        "municipios de Chihuahua con la Declaratoria de la AVGM."
    ),
    "areas_deficientes": "\n".join(
        [
            "Mecanismos para la detección y atención de víctimas de violencia comunitaria.",
            "Gestionar una figura de autoridad para la evaluación de dependencias y sanciones al "
            "funcionariado que haya ejercido alguna violencia contra la ciudadanía.",
            "Atención a todas las recomendaciones que refieren a la violencia laboral.",
            "Consolidar los mecanismos de acceso a la justicia a víctimas y la garantía de "
            "reparación de daños.",
        ]
    ),
    "recomendaciones": "\n".join(
        [
            "Crear un mecanismo con las y los psicólogos, trabajadoras y trabajadores sociales y "
            "abogadas y abogados de las dependencias municipales para detectar y atender a las "
            "mujeres víctimas de violencia en la comunidad. Responsables: DIF, Centros "
            "Comunitarios, SSPM.",
            "Brindar y dar a conocer el protocolo de atención a las violencias ejercidas por las y "
            "los servidores públicos para evaluar y sancionar su trabajo hacia la ciudadanía. "
            "Responsables: Contraloría, Recursos Humanos.",
            "Dar seguimiento al protocolo de Hostigamiento y Acoso Laboral, que se implementará "
            "de manera interinstitucional por parte de la Contraloría Municipal, Recursos Humanos "
            "y el Instituto Municipal de las Mujeres. Responsables: Contraloría, Recursos "
            "Humanos, IMM.",
            "En los casos detectados de mujeres víctimas de violencia, las dependencias que de "
            "acuerdo con su competencia corresponda deberán acompañar y dar seguimiento a las "
            "usuarias en los mecanismos de acceso a la justicia y garantía de reparación de "
            "daños. Responsables: IMM, DIF, SSPM, Justicia Cívica.",
        ]
    ),
    "compromisos": "\n".join(
        [
            "Las y los directores y coordinadores generales adquirieron el compromiso de dar "
            "respuesta a la declaratoria de alerta de género en la mesa de instalación del 25 de "
            "febrero de 2022.",
            "Conocer las recomendaciones de la declaratoria de alerta de violencia de género "
            "(micrositio https://www.juarez.gob.mx/alertadegenero/).",
            "Cada dependencia municipal deberá nombrar a un enlace de la alerta de género y "
            "planeación, para atender sus metas y líneas de acción.",
            "Las metas y líneas de acción que atienden las recomendaciones de la alerta de género "
            "deberán planearse y consensuarse con el Instituto Municipal de las Mujeres para el "
            "siguiente año.",
            "Las dependencias deberán enviar sus fichas técnicas con la información del avance de "
            "sus metas cada trimestre al área de Información y Estadística del Instituto "
            "Municipal de las Mujeres.",
        ]
    ),
}


def cargar_narrativa() -> bool:
    """Write the Ene–Jun 2022 narrative once (as the demo analista); True when it was created."""
    corte = ambito.corte_de(ambito.juarez())
    if NarrativaCorte.objects.filter(ejercicio=corte.ejercicio, hasta=corte.hasta).exists():
        return False
    analista = get_user_model().objects.filter(username="analista").first()
    guardar_narrativa(corte, usuario=analista, textos=NARRATIVA_ENE_JUN_2022)
    return True
