{#-
  Tests of the big report-keyed relations check only the reports loaded since the last
  complete, passing `dbt build`, when the run asks for it with
  `--vars '{test_new_reports_only: true}'` (the pipeline does; `dbt build` alone, and any
  `--full-refresh`, tests every row). Sound because each of these tests is row-local or
  report-local (not_null, accepted_values, relationships to dim_report, uniqueness of a grain
  that starts with report_id), and the rows it would look at again are the rows it passed before:

  - per report (the cells): a report's rows never change once loaded (report_id hashes the
    document), so only the reports loaded since are new;
  - per body (the identity checks): a report's cross-year rows also depend on the other reports
    of the same body (is_current, the predecessor), so an incremental run rebuilds every report of
    a body with a new report (macros/incremental_reports.sql), and the tests cover those reports.

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

{#- The reports loaded since the last complete, passing build (SQL). -#}
{% macro reports_loaded_since_tested() -%}
    select report_id from {{ source('raw', 'reports') }}
    where ingested_at > (select coalesce(max(tested_through), timestamp '1900-01-01') from quality.dbt_tested)
{%- endmacro %}

{#- The reports loaded since, and every report of the same body (agency) (SQL). -#}
{% macro reports_of_bodies_loaded_since_tested() -%}
    select loaded.report_id from ({{ reports_loaded_since_tested() }}) as loaded
    union
    select same_body.report_id
    from {{ source('raw', 'reports') }} as same_body
    inner join {{ source('raw', 'reports') }} as loaded
        on loaded.agency = same_body.agency
    where loaded.report_id in ({{ reports_loaded_since_tested() }})
{%- endmacro %}

{#-
  dbt's documented hook for test filters (docs.getdbt.com/reference/resource-configs/where,
  "Custom logic": define get_where_subquery in the root project). It keeps dbt's own behaviour
  (the test's `where` config as a subquery: default__get_where_subquery of dbt's global project)
  and adds the tested-since filter; tests/test_private_apis.py fails when dbt's default changes.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set per_report = ['stg_raw__cells', 'fct_applications', 'fct_proactive_disclosure', 'fct_review_litigation'] -%}
    {%- set per_body = ['fct_identity_checks', 'int_identity_checks', 'int_identity_checks__cross_year'] -%}
    {%- set conditions = [] -%}
    {%- if where -%}{%- do conditions.append(where) -%}{%- endif -%}
    {%- if var('test_new_reports_only', false) and not flags.FULL_REFRESH -%}
        {%- if relation.identifier in per_report -%}
            {%- do conditions.append("report_id in (" ~ reports_loaded_since_tested() ~ ")") -%}
        {%- elif relation.identifier in per_body -%}
            {%- do conditions.append("report_id in (" ~ reports_of_bodies_loaded_since_tested() ~ ")") -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return("(select * from " ~ relation ~ " where " ~ conditions | join(' and ') ~ ") dbt_subquery") -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
