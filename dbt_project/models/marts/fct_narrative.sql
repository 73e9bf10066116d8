-- One row per current report and narrative section (一 overview, 五 problems, 六 other matters):
-- the section's text cleaned of page chrome and its length. A section whose heading was not
-- found has located = false and no text (not found is not empty).

select
    s.report_id,
    r.agency_id,
    r.agency,
    r.year as report_year,
    r.province,
    r.city,
    r.county,
    s.section,
    n.numeral,
    n.heading_zh,
    s.located,
    s.text,
    s.chars
from {{ ref('stg_raw__narrative_sections') }} as s
inner join {{ ref('dim_report') }} as r using (report_id)
inner join {{ ref('narrative_sections') }} as n using (section)
where r.is_current
