"""The models of the `avgm` app, by job: the AVGM catalog, platform records and the GIM's
evaluations, the municipios under the alert, the task worker's heartbeat. Everything is importable from `avgm.models`."""

from avgm.models.catalogo import (  # noqa: F401
    MESES,
    Catalogo,
    Ejercicio,
    EjercicioQuerySet,
    EjeTransversal,
    Modalidad,
    Periodo,
    Recomendacion,
    RecomendacionQuerySet,
    fechas_trimestre,
    periodo_actual,
)
from avgm.models.gim import EvaluacionGIM, ValoracionGIM, ruta_evaluacion_gim  # noqa: F401
from avgm.models.municipio import (  # noqa: F401
    AVISO_DEMOSTRACION,
    Adscripcion,
    Municipio,
    MunicipioQuerySet,
    municipio_unico_id,
)
from avgm.models.plataforma import (  # noqa: F401
    EventoBitacora,
    EventoBitacoraQuerySet,
    Institucion,
    RevisionDatos,
    SolicitudRestablecimiento,
    institucion_actual,
)
from avgm.models.worker import WorkerTareas  # noqa: F401
