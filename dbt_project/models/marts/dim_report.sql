-- Incremental (dbt_project.yml). is_current and duplicate_of are computed for every report from
-- the few columns they read (cheap at 100,000 reports); an incremental run then writes only the
-- rows that are new or whose is_current, duplicate_of, agency, year or content_key differ from
-- the table's: the new reports and the versions and copies they displace. Rewriting all rows
-- (~0.4 s at 100,000 reports, most of it writing) was the costliest node of an incremental
-- build; comparing every column of every row would cost as much again as this whole model.
-- Like the facts, a report's other columns are taken when its row is first built: reloading
-- the same document (same report_id) after a parser change needs `dbt build --full-refresh`.
{%- set columns = [
    'report_id', 'agency', 'year', 'province', 'city', 'county', 'division_code', 'agency_kind',
    'source_path', 'source_format', 'sha256', 'parse_status', 'is_current', 'ingested_at', 'agency_id',
    'format_version', 'title', 'region_confidence', 'region_data_version', 'content_key',
    'duplicate_of', 'issue_count',
] %}
{%- set compare = is_incremental() and has_columns(this, columns) %}

with

reports as (
    select * from {{ ref('stg_raw__reports') }}
),

-- what is_current and duplicate_of read (from staging, not from `reports`: each reads only its
-- columns)
keys as (
    select report_id, agency, year, content_key, ingested_at from {{ ref('stg_raw__reports') }}
),

-- The same body and year can be published twice (a corrected version): the newest ingested
-- one is current, ties broken by the greater report_id. Without agency or year a document
-- stands alone. (Aggregates rather than row_number() over the partition: on 100,000 reports
-- the two window functions cost several times as much. NULL ingested_at sorts last, as it
-- would there.)
newest_ingested as (
    select agency, year, max(coalesce(ingested_at, timestamp '0001-01-01')) as ingested_at
    from keys
    where agency is not null and year is not null
    group by agency, year
),

current_versions as (
    select max(keys.report_id) as report_id
    from keys
    inner join newest_ingested
        on newest_ingested.agency = keys.agency
        and newest_ingested.year = keys.year
        and newest_ingested.ingested_at = coalesce(keys.ingested_at, timestamp '0001-01-01')
    group by keys.agency, keys.year
),

-- The same content published twice (two formats, or re-published unchanged) counts once:
-- later copies point at the first one ingested (ties: the smaller report_id).
first_ingested as (
    select content_key, min(coalesce(ingested_at, timestamp '9999-12-31')) as ingested_at
    from keys
    group by content_key
),

first_copies as (
    select keys.content_key, min(keys.report_id) as report_id
    from keys
    inner join first_ingested
        on first_ingested.content_key is not distinct from keys.content_key
        and first_ingested.ingested_at = coalesce(keys.ingested_at, timestamp '9999-12-31')
    group by keys.content_key
),

versions as (
    select
        keys.*,
        case
            when keys.agency is null or keys.year is null then true
            else current_versions.report_id is not null
        end as is_current,
        case
            when first_copies.report_id <> keys.report_id then first_copies.report_id
        end as duplicate_of
    from keys
    left join current_versions on current_versions.report_id = keys.report_id
    left join first_copies on first_copies.content_key is not distinct from keys.content_key
),

{% if compare %}
changed as (
    select versions.report_id
    from versions
    left join {{ this }} as built on built.report_id = versions.report_id
    where built.report_id is null
        or built.is_current <> versions.is_current
        or built.duplicate_of is distinct from versions.duplicate_of
        or built.agency is distinct from versions.agency
        or built.year is distinct from versions.year
        or built.content_key is distinct from versions.content_key
),
{% endif %}

dim_report as (
    select
        reports.{{ columns | reject('in', ['is_current', 'duplicate_of']) | join(',\n        reports.') }},
        versions.is_current,
        versions.duplicate_of
    from reports
    inner join versions on versions.report_id = reports.report_id
    {% if compare %}where reports.report_id in (select report_id from changed){% endif %}
)

select
    {{ columns | join(',\n    ') }}
from dim_report
