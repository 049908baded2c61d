"""Views of the fichas workflow, split by topic (inicio, ficha, revision, evidencia, periodos)."""
