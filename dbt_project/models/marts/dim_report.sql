with

reports as (
    select * from {{ ref('stg_raw__reports') }}
),

versioned as (
    select
        *,
        -- The same body and year can be published twice (a corrected version): the newest
        -- ingested one is current. Without agency or year a document stands alone.
        case
            when agency is null or year is null then true
            else row_number() over (
                partition by agency, year
                order by ingested_at desc, report_id desc
            ) = 1
        end as is_current
    from reports
)

select
    report_id,
    agency,
    year,
    province,
    city,
    county,
    division_code,
    agency_kind,
    source_path,
    source_format,
    sha256,
    parse_status,
    is_current,
    ingested_at,
    format_version,
    title,
    region_confidence,
    issue_count
from versioned
