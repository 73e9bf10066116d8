-- The supervisor's review decisions as loaded from the decisions file (warehouse/review.py):
-- every line of the append-only file, in file order (line_no).
with

source as (
    select * from {{ source('raw', 'review_decisions') }}
),

renamed as (
    select
        cast(report_id as varchar) as report_id,
        cast(sha256 as varchar) as sha256,
        cast(check_name as varchar) as check_name,
        cast(scope as varchar) as scope,
        cast(review_status as varchar) as review_status,
        nullif(cast(comment as varchar), '') as review_comment,
        cast(decided_at as timestamp) as reviewed_at,
        nullif(cast(decided_by as varchar), '') as reviewed_by,
        cast(line_no as bigint) as line_no
    from source
)

select * from renamed
