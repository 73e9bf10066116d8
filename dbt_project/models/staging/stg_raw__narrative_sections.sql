with

source as (
    select * from {{ source('raw', 'narrative_sections') }}
),

renamed as (
    select
        cast(report_id as varchar) as report_id,
        cast(section as varchar) as section,
        cast(located as boolean) as located,
        cast(text as varchar) as text,
        cast(chars as integer) as chars
    from source
)

select * from renamed
