"""The demo and the benchmarks: the Juárez Ene–Jun 2022 case and the cost measurements.

The top layer of the portal: it may import every app, and no app imports it. The loader is
`demo.carga` (data in `demo.dependencias` and `demo.recomendaciones`; the accounts in
`demo.cuentas`, the plan of what is reported when in `demo.plan`, the fichas in
`demo.fichas`), the report's narrative `demo.narrativa`; the commands are `demo`, `bench` and
`bench_importar`. Installed only with DEBUG on or in the load-test configuration
(settings.AVGM_CARGA).
"""
