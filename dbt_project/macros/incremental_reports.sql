{#-
  Incremental models keyed by report_id. A report's rows are a function of its document
  (report_id is the hash of its bytes), so an incremental run builds only the reports that
  are in raw but not yet in the model; `dbt build --full-refresh` rebuilds everything.
  Plain SQL (IN, EXCEPT), no adapter-specific syntax.
-#}

{#- A predicate: true on a full build, else "this report is not in the model yet". -#}
{% macro new_reports_only(column='report_id') -%}
    {%- if is_incremental() -%}
        {{ column }} in (
            select report_id from {{ ref('stg_raw__reports') }}
            except
            select report_id from {{ this }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- post_hook: drop the rows of reports no longer in raw (none today: raw.reports only grows). -#}
{% macro drop_reports_gone_from_raw() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where report_id not in (select report_id from {{ ref('stg_raw__reports') }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
