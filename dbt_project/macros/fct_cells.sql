{#-
  The body of the per-cell fact tables: one table's cells from staging, with the row and
  column codes under their contract names. Incremental: a report's cells never change
  (report_id is the hash of the document), so an incremental run adds the reports not in
  the model yet (new_reports_only, macros/incremental_reports.sql). `with_format_version` adds
  the report's template (table 2 has different cells per template).
-#}
{% macro fct_cells(table_name, row_column, col_column, with_format_version=false) %}
with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = '{{ table_name }}'
        and {{ new_reports_only() }}
){% if with_format_version %},

reports as (
    select report_id, format_version from {{ ref('stg_raw__reports') }}
){% endif %}

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
    {%- if with_format_version %},
    reports.format_version  {#- after the first columns: an existing table gets it appended (on_schema_change) #}
    {%- endif %},
    ocr_confidence  {#- last, appended to an existing table after format_version #}
from cells
{%- if with_format_version %}
left join reports using (report_id)
{%- endif %}
{% endmacro %}
