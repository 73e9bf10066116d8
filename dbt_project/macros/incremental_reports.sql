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

{#-
  The reports whose rows an incremental run of a cross-year model (int_identity_checks,
  int_identity_checks__cross_year, fct_agency_years) rebuilds: the reports new to the model and
  every report of a body (agency) that has a new one. A report's cross-year rows depend on the
  other reports of the same body only (a new report can give it a predecessor or take its
  is_current away), never on another body's: the rest stay as built.
  `reports`: a relation with report_id and agency to draw from (default stg_raw__reports; the
  models with one row per current report pass int_reports__previous_year, the current reports).
-#}
{% macro rebuilt_reports(reports=none) -%}
    {%- set reports = reports or ref('stg_raw__reports') -%}
    select report_id from {{ reports }} where {{ new_reports_only(reports=reports) }}
    union
    select same_body.report_id
    from {{ reports }} as same_body
    inner join (
        select agency from {{ reports }} where {{ new_reports_only(reports=reports) }}
    ) as new_reports on new_reports.agency = same_body.agency
{%- endmacro %}

{#-
  post_hook: drop the rows of reports no longer in `reports` (default stg_raw__reports: none
  today, raw.reports only grows; the models with one row per current report pass
  int_reports__previous_year: a report that a newer version made non-current loses its rows).
-#}
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
  True when `relation` has every one of `columns` (case-insensitive). dim_report compares its
  rows with the table's only then: when the model grew a column, every row is written, so the
  new column is filled for all of them.
-#}
{% macro has_columns(relation, columns) -%}
    {%- set built = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{- return(columns | map('lower') | reject('in', built) | list | length == 0) -}}
{%- endmacro %}
