{{ config(materialized='view') }}

-- A view: `gongkai review` reloads raw.review_decisions and the decision shows at once, without
-- a dbt build. Every decision ever recorded (the file is append-only); is_latest marks the one
-- in force per finding: the last line of the file for (report_id, check_name, scope).

with

decisions as (
    select * from {{ ref('stg_raw__review_decisions') }}
),

ranked as (
    select
        *,
        row_number() over (partition by report_id, check_name, scope order by line_no desc) = 1 as is_latest
    from decisions
)

select
    report_id,
    sha256,
    check_name,
    scope,
    review_status,
    review_comment,
    reviewed_at,
    reviewed_by,
    line_no,
    is_latest
from ranked
