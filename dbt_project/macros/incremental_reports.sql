{#-
  Incremental models keyed by report_id. A report's rows are a function of its document
  (report_id is the hash of its bytes), so an incremental run builds only the reports that
  are in raw but not yet in the model; `dbt build --full-refresh` rebuilds everything.
  Plain SQL (IN, NOT EXISTS), no adapter-specific syntax.

  NOT EXISTS, not EXCEPT or NOT IN: on DuckDB both of those hash every row of the model
  (20 million cells: ~0.5 s a model), where the anti-join hashes the reports (~0.03 s).
-#}

{#- A predicate: true on a full build, else "this report is not in the model yet". -#}
{% macro new_reports_only(column='report_id', reports=none) -%}
    {%- if is_incremental() -%}
        {{ column }} in (
            select candidates.report_id from {{ reports or ref('stg_raw__reports') }} as candidates
            where not exists (
                select 1 from {{ this }} as built where built.report_id = candidates.report_id
            )
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- post_hook: drop the rows of reports no longer in `reports` (default stg_raw__reports: none today, raw.reports only grows). -#}
{% macro drop_reports_not_in(reports=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where not exists (
            select 1 from {{ reports or ref('stg_raw__reports') }} as kept
            where kept.report_id = {{ adapter.quote(this.identifier) }}.report_id
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#-
  For a model that is cheap to compute whole but costly to write whole (dim_report): selects the
  rows of `cte`, and on an incremental run only those that are new or differ in any of `columns`
  from the table's row with the same `key` (NULLs compare equal). With delete+insert on `key`
  the table then equals a full rebuild; rows gone from the source are the post-hook's
  (drop_reports_not_in). When the table lacks one of `columns` (the model grew a column) every
  row is selected, so the new column is filled for all of them.
  (A left join and one filter: on DuckDB ~2x faster than NOT EXISTS or EXCEPT over the columns.)
-#}
{% macro changed_rows_only(cte, columns, key='report_id') -%}
    {%- set compare = false -%}
    {%- if is_incremental() -%}
        {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set compare = columns | map('lower') | reject('in', built_columns) | list | length == 0 -%}
    {%- endif -%}
select {{ cte }}.*
from {{ cte }}
{%- if compare %}
left join {{ this }} as built on built.{{ key }} = {{ cte }}.{{ key }}
where built.{{ key }} is null
    or not (
        {%- for column in columns if column != key %}
        {% if not loop.first %}and {% endif %}built.{{ column }} is not distinct from {{ cte }}.{{ column }}
        {%- endfor %}
    )
{%- endif %}
{%- endmacro %}
