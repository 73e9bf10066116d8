with

source as (
    select * from {{ source('raw', 'reports') }}
),

renamed as (
    select
        cast(report_id as varchar) as report_id,
        cast(source_path as varchar) as source_path,
        cast(source_format as varchar) as source_format,
        cast(sha256 as varchar) as sha256,
        cast(agency as varchar) as agency,
        cast(year as integer) as year,
        cast(format_version as varchar) as format_version,
        cast(province as varchar) as province,
        cast(city as varchar) as city,
        cast(county as varchar) as county,
        cast(division_code as varchar) as division_code,
        cast(agency_kind as varchar) as agency_kind,
        cast(region_confidence as varchar) as region_confidence,
        cast(region_data_version as varchar) as region_data_version,
        cast(agency_key as varchar) as agency_key,
        cast(agency_id as varchar) as agency_id,
        cast(content_key as varchar) as content_key,
        cast(title as varchar) as title,
        cast(parse_status as varchar) as parse_status,
        cast(narrative_json as json) as narrative_json,
        cast(issue_count as integer) as issue_count,
        cast(ingested_at as timestamp) as ingested_at
    from source
)

select * from renamed
