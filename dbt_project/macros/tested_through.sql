{#-
  Tests of the big report-keyed relations (the cells: about 200 rows per report) check only
  the reports loaded since the last complete, passing `dbt build`, when the run asks for it
  with `--vars '{test_new_reports_only: true}'` (the pipeline does; `dbt build` alone tests
  every row). Sound for these tests because each is row-local or report-local (not_null,
  accepted_values, relationships to dim_report, uniqueness of a grain that starts with
  report_id), and a report's rows never change once loaded (report_id hashes the document).

  quality.dbt_tested keeps the high-water mark: the newest raw.reports.ingested_at a
  complete `dbt build` (no --select, no failure) has tested.
-#}

{% macro ensure_tested_through() %}
    create schema if not exists quality;
    create table if not exists quality.dbt_tested (tested_through timestamp, recorded_at timestamp);
{% endmacro %}

{% macro record_tested_through(results) %}
    {#- complete: every model and test of the project ran (Dagster selects them all as fqn:*) -#}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'in', ['model', 'test']) | list if execute else [] -%}
    {%- if execute and flags.WHICH == 'build' and results | length >= nodes | length
          and results | selectattr('status', 'in', ['error', 'fail', 'skipped', 'runtime error']) | list | length == 0 -%}
        insert into quality.dbt_tested
        select max(ingested_at), current_timestamp from {{ source('raw', 'reports') }}
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set per_report = ['stg_raw__cells', 'fct_applications', 'fct_proactive_disclosure', 'fct_review_litigation'] -%}
    {%- set conditions = [] -%}
    {%- if where -%}{%- do conditions.append(where) -%}{%- endif -%}
    {%- if var('test_new_reports_only', false) and relation.identifier in per_report -%}
        {%- do conditions.append(
            "report_id in (select report_id from " ~ source('raw', 'reports') ~ " where ingested_at > "
            ~ "(select coalesce(max(tested_through), timestamp '1900-01-01') from quality.dbt_tested))") -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return("(select * from " ~ relation ~ " where " ~ conditions | join(' and ') ~ ") dbt_subquery") -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
