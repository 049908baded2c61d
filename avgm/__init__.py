import os

# openpyxl parses with lxml whenever lxml is installed (pikepdf and pyHanko bring it) and then
# leaves defusedxml aside; the importer refuses entity-laden workbooks through defusedxml
# (dependencias/excel/libro.py checks this held). The project package is imported before any
# app, so this runs before anything imports openpyxl.
os.environ["OPENPYXL_LXML"] = "False"
