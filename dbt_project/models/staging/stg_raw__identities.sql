with

source as (
    select * from {{ source('raw', 'identities') }}
),

renamed as (
    select
        cast(report_id as varchar) as report_id,
        cast(identity as varchar) as identity,
        cast(scope as varchar) as scope,
        cast(lhs as double) as lhs,
        cast(rhs as double) as rhs,
        cast(status as varchar) as status,
        cast(severity as varchar) as severity,
        cast(zero_filled as boolean) as zero_filled,
        cast(detail as varchar) as detail
    from source
)

select * from renamed
