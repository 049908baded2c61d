"""Planeación anual consensuada: dependencias propose next year's metas, the IMM agrees them.

- `models`: the round (RondaPlaneacion), the proposals, their history and observaciones.
- `workflow`: one atomic function per step (ronda_abrir, propuesta_enviar, ...).
- `cobertura`: coverage of the recomendaciones in force and the last published corte's gaps.
- `access`: who sees which proposal (outsiders 404).
- `notificaciones`: the e-mail of the round.
"""
