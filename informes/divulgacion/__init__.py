"""What the public side may show of counts of people, decided when a version is published.

`tablas` names every published count of people by what it means and lists the sums the
public can read from each table; `supresion` chooses which cells a version hides; `auditoria`
computes, by linear programming over every version of the corte, how far each hidden small
count can be narrowed; `publicadas` reads a published version's pattern for the micrositio.
"""
