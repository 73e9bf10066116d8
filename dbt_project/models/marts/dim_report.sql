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
        end as is_current,
        -- The same content published twice (two formats, or re-published unchanged) counts once:
        -- later copies point at the first one ingested.
        case
            when row_number() over (
                partition by content_key order by ingested_at, report_id
            ) > 1
            then first_value(report_id) over (
                partition by content_key order by ingested_at, report_id
            )
        end as duplicate_of
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
    agency_id,
    format_version,
    title,
    region_confidence,
    region_data_version,
    content_key,
    duplicate_of,
    issue_count
from versioned
