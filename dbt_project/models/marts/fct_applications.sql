with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = 'applications'
)

select
    report_id,
    row_code as outcome,
    col_code as applicant,
    value,
    state,
    raw_text,
    row_label,
    col_label,
    location
from cells
