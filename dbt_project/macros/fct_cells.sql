{#-
  The body of the per-cell fact tables: one table's cells from staging, with the row and
  column codes under their contract names. Incremental: a report's cells never change
  (report_id is the hash of the document), so an incremental run adds the reports not in
  the model yet (new_reports_only, macros/incremental_reports.sql).
-#}
{% macro fct_cells(table_name, row_column, col_column) %}
with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = '{{ table_name }}'
        and {{ new_reports_only() }}
)

select
    report_id,
    row_code as {{ row_column }},
    col_code as {{ col_column }},
    value,
    state,
    raw_text,
    row_label,
    col_label,
    location
from cells
{% endmacro %}
