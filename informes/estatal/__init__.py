"""The state corte: every municipio under the alert side by side, from published versions only.

`corte` reads each municipio's latest published version of a cut (its frozen `figuras`) and
the GIM's valoraciones; `excel` and `pdf` write it down; `views` are the internal pages.
A municipio without a published version of the cut shows none of its figures: its live or
draft numbers never enter the state corte.
"""
