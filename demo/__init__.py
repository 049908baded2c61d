"""The demo and the benchmarks: the Juárez Ene–Jun 2022 case and the cost measurements.

The top layer of the portal: it may import every app, and no app imports it. The loader is
`demo.carga` (data in `demo.dependencias` and `demo.recomendaciones`), the report's
narrative `demo.narrativa`; the commands are `demo`, `bench` and `bench_importar`.
"""
