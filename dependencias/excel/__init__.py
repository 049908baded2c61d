"""The planning workbook in and out of the portal.

- `libro`: reading a workbook safely (size, ZIP inflation, XML entities, rows) and as meant.
- `hojas`: the sheets and columns the import reads and the export writes.
- `validacion`: each sheet's header and rows, cleaned, with every error.
- `comparacion`: which rows are new, change (before → after) or stay the same.
- `resultado`: what a preview found.
- `importacion`: preview and apply (all or nothing, with the bitácora and the data revision).
- `escritura`: writing the new and changed rows.
- `pendientes`: the upload waiting between preview and apply, with its stored preview.
- `exportacion`: the catalog and metas in the import format, and the blank template.
- `views`: the analistas' pages.
"""
