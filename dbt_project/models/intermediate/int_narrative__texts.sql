{{ config(materialized='incremental', schema='intermediate', unique_key='report_id',
          incremental_strategy='delete+insert', on_schema_change='append_new_columns',
          post_hook="{{ drop_reports_not_in(ref('int_reports__previous_year')) }}") }}

-- The narrative of each current report as one string for the copy checks: sections 一, 五 and 六
-- (those located) joined, whitespace removed (`plain`, quoted as evidence), digits masked one for
-- one (`masked`: a figure changed from last year still counts as the same text; positions stay
-- those of `plain`), and the set of its 8-character shingles as hashes. Reports with fewer than
-- 8 characters of narrative have nothing to compare and are left out.
-- Incremental: a report's text never changes (report_id is the hash of its document), so a run
-- adds the current reports new to the model and drops those a newer version made non-current.

with

reports as (
    select report_id, agency_id, agency, year, province, city, coalesce(city, province) as region
    from {{ ref('dim_report') }}
    where is_current and agency_id is not null and year is not null
        and {{ new_reports_only(reports=ref('int_reports__previous_year')) }}
),

joined as (
    select
        report_id,
        regexp_replace(
            string_agg(text, '' order by case section when 'overview' then 1 when 'problems' then 5 else 6 end),
            '\s+', '', 'g') as plain
    from {{ ref('stg_raw__narrative_sections') }}
    where located and report_id in (select report_id from reports)
    group by report_id
),

masked as (
    select report_id, plain, masked, string_split(masked, '') as characters
    from (select report_id, plain, regexp_replace(plain, '[0-9]', '#', 'g') as masked from joined)
    where length(plain) >= 8
)

select
    r.report_id,
    r.agency_id,
    r.agency,
    r.year,
    r.province,
    r.city,
    r.region,
    m.plain,
    m.masked,
    length(m.plain) as chars,
    list_distinct({{ shingle_hashes('m.characters') }}) as shingles
from reports as r
inner join masked as m using (report_id)
