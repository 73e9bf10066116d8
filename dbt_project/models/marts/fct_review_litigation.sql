with

cells as (
    select * from {{ ref('stg_raw__cells') }}
    where table_name = 'review_litigation'
)

select
    report_id,
    row_code as proceeding,
    col_code as outcome,
    value,
    state,
    raw_text,
    row_label,
    col_label,
    location
from cells
