"""What every list filtered from its GET parameters shares (django-filter `FilterSet`s)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet


class FiltroDeLista(django_filters.FilterSet):
    """A list's filters. An invalid form narrows nothing: the page shows its errors over the
    whole list, rather than a list narrowed by only the fields that happened to be valid
    (django-filter's default), which would look like an answer to the question not asked."""

    def filtrar(self, queryset: QuerySet, sin: tuple[str, ...] = ()) -> QuerySet:
        """`queryset` narrowed by every valid filter but those named in `sin` (e.g. the
        queue's counts per estado, under the other filters)."""
        if not self.is_valid():
            return queryset
        for nombre, valor in self.form.cleaned_data.items():
            if nombre not in sin:
                queryset = self.filters[nombre].filter(queryset, valor)
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.filtrar(queryset)
