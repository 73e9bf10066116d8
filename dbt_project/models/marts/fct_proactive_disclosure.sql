with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = 'proactive'
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
