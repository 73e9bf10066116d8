{{
    config(
        materialized='incremental',
        unique_key='report_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ drop_reports_gone_from_raw() }}"
    )
}}

-- Incremental: a report's cells never change (report_id is the hash of the document), so a
-- run adds the cells of reports not in this table yet (macros/incremental_reports.sql).
-- depends_on: {{ ref('stg_raw__reports') }}

with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = 'proactive'
        and {{ new_reports_only() }}
)

select
    report_id,
    row_code as item,
    col_code as measure,
    value,
    state,
    raw_text,
    row_label,
    col_label,
    location
from cells
