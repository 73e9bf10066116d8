-- Bodies (agency_id) with a current report of year Y-1 and none of year Y, per region (city, else
-- province). The only registry of bodies is the warehouse's history, so Y is a year for which the
-- region has at least one report: a year not collected yet is not a year of missing reports.

with

reports as (
    select report_id, agency_id, agency, year, province, city, county, coalesce(city, province) as region,
        title, source_path
    from {{ ref('dim_report') }}
    where is_current and agency_id is not null and year is not null
),

region_years as (
    select distinct region, year from reports
)

select
    prev.agency_id,
    prev.agency,
    prev.province,
    prev.city,
    prev.county,
    prev.region,
    prev.year + 1 as missing_year,
    prev.year as last_year,
    prev.report_id as last_report_id,
    prev.source_path as last_source_path
from reports as prev
inner join region_years as ry on ry.region is not distinct from prev.region and ry.year = prev.year + 1
where not exists (
    select 1 from reports as cur where cur.agency_id = prev.agency_id and cur.year = prev.year + 1
)
