with

source as (
    select * from {{ source('raw', 'cells') }}
),

renamed as (
    select
        cast(report_id as varchar) as report_id,
        cast(table_name as varchar) as table_name,
        cast(row_code as varchar) as row_code,
        cast(col_code as varchar) as col_code,
        cast(value as double) as value,
        cast(state as varchar) as state,
        cast(raw_text as varchar) as raw_text,
        cast(row_label as varchar) as row_label,
        cast(col_label as varchar) as col_label,
        cast(location as varchar) as location,
        cast(ocr_confidence as double) as ocr_confidence
    from source
)

select * from renamed
