-- The copy rate of each current report's narrative (int_narrative__texts): the share of its
-- 8-character shingles (digits masked) that also occur in another report, against
--   previous_year  the same body's report of the year before (int_reports__previous_year);
--   region         the most similar report of another body of the same region and year.
-- evidence: the longest repeated passages (up to three), for the rows at or above the threshold.
-- Region rows exist for every report of a region; those whose sample shows less than the threshold
-- shared with any other body have no nearest report (compared_report_id, copy_rate NULL).
--
-- Region-wide in two steps, so that no step pairs every report with every other one:
-- 1. a deterministic sample of the shingles (hash % 8 = 0: a shingle is kept in every report or
--    in none) grouped by region, year and hash gives each report the share of its sample that
--    any other body of the region also printed: reports under the threshold stop here;
-- 2. only the reports left are joined on their sampled hashes with the other reports of the
--    region and year, to find the nearest one, which is then compared exactly like last year's.

-- Incremental: a run rebuilds every report of a body with a new current report (its previous-year
-- pair may change) and every report of each (region, year) such a report or a report no longer
-- current belongs to; the rows of reports no longer current are dropped. The other rows stay.

-- depends_on: {{ ref('dim_report') }}
{{ config(materialized='incremental', unique_key='report_id', incremental_strategy='delete+insert',
          on_schema_change='append_new_columns',
          post_hook="{{ drop_reports_not_in(ref('int_narrative__texts')) }}") }}

{%- set sample = 8 %}
{%- set threshold_of = "(select threshold from " ~ ref('narrative_check_names') ~ " where check_name = '{}')" %}

with

texts as (
    select * from {{ ref('int_narrative__texts') }}
),
{% if is_incremental() %}
new_texts as (
    select report_id, agency_id, region, year from texts
    where not exists (select 1 from {{ this }} as built where built.report_id = texts.report_id)
),

-- the new reports and the other reports of their bodies (whose previous-year pair may change):
-- every row of a rebuilt report is replaced, so its region group is rebuilt too
body_reports as (
    select report_id, region, year from texts where agency_id in (select agency_id from new_texts)
),

affected_groups as (
    select region, year from body_reports where region is not null
    union
    select coalesce(r.city, r.province) as region, r.year
    from {{ ref('dim_report') }} as r
    where r.report_id in (
        select built.report_id from {{ this }} as built
        where not exists (select 1 from texts where texts.report_id = built.report_id)
    )
),

targets as (
    select report_id from texts where (region, year) in (select (region, year) from affected_groups)
    union
    select report_id from body_reports
),
{% endif %}

previous_pairs as (
    select p.report_id, 'previous_year' as comparison, p.previous_report_id as compared_report_id,
        cast(null as integer) as bodies, cast(null as double) as sampled_share
    from {{ ref('int_reports__previous_year') }} as p
    where p.previous_report_id in (select report_id from texts) and p.report_id in (select report_id from texts)
        {% if is_incremental() %}and p.report_id in (select report_id from targets){% endif %}
),

sampled as (
    select report_id, agency_id, region, year, unnest(list_filter(shingles, lambda h: h % {{ sample }} = 0)) as h
    from texts
    where region is not null
        {% if is_incremental() %}and (region, year) in (select (region, year) from affected_groups){% endif %}
),

spread as (
    select region, year, h, count(distinct agency_id) as bodies
    from sampled
    group by region, year, h
),

sample_share as (
    select s.report_id, count(*) as sampled, count(*) filter (where sp.bodies >= 2) as shared
    from sampled as s
    inner join spread as sp using (region, year, h)
    group by s.report_id
),

region_candidates as (
    select report_id, sampled
    from sample_share
    where shared >= {{ threshold_of.format('narrative_shared_in_region') }} * sampled
),

region_overlap as (
    select a.report_id, b.report_id as other_id, count(*) as common, any_value(c.sampled) as sampled
    from sampled as a
    inner join region_candidates as c on c.report_id = a.report_id
    inner join sampled as b
        on b.region = a.region and b.year = a.year and b.h = a.h and b.agency_id <> a.agency_id
    group by a.report_id, b.report_id
),

region_pairs as (
    select report_id, 'region' as comparison, other_id as compared_report_id, cast(bodies as integer) as bodies
    from (
        select
            report_id,
            other_id,
            row_number() over (partition by report_id order by common desc, other_id) as rank,
            count(*) filter (where common >= {{ threshold_of.format('narrative_shared_in_region') }} * sampled)
                over (partition by report_id) as bodies
        from region_overlap
    )
    where rank = 1
),

-- every report of a region gets a row: those under the threshold on the sample without a nearest one
region_rows as (
    select s.report_id, 'region' as comparison, p.compared_report_id, p.bodies, s.shared / s.sampled as sampled_share
    from sample_share as s
    left join region_pairs as p using (report_id)
),

pairs as (
    select * from previous_pairs
    union all
    select * from region_rows
),

measured as (
    select
        p.report_id,
        p.comparison,
        p.compared_report_id,
        p.bodies,
        p.sampled_share,
        a.chars,
        case when b.report_id is not null then len(list_intersect(a.shingles, b.shingles)) / len(a.shingles) end
            as copy_rate
    from pairs as p
    inner join texts as a on a.report_id = p.report_id
    left join texts as b on b.report_id = p.compared_report_id
),

flagged as (
    select m.report_id, m.comparison, m.compared_report_id
    from measured as m
    where m.copy_rate >= case m.comparison
        when 'previous_year' then {{ threshold_of.format('narrative_copied_from_previous_year') }}
        else {{ threshold_of.format('narrative_shared_in_region') }} end
),

-- every position of a flagged report whose shingle the compared report also has
positions as (
    select f.report_id, f.comparison, unnest(range(1, length(a.masked) - 6)) as i, a.masked
    from flagged as f
    inner join texts as a on a.report_id = f.report_id
),

other_shingles as (
    select f.report_id, f.comparison, unnest(b.shingles) as h
    from flagged as f
    inner join texts as b on b.report_id = f.compared_report_id
),

matched as (
    select p.report_id, p.comparison, p.i
    from positions as p
    semi join other_shingles as o
        on o.report_id = p.report_id and o.comparison = p.comparison and o.h = hash(substr(p.masked, p.i, 8))
),

runs as (
    select report_id, comparison, min(i) as start, max(i) - min(i) + 8 as length
    from (
        select *, i - row_number() over (partition by report_id, comparison order by i) as island
        from matched
    )
    group by report_id, comparison, island
),

passages as (
    select
        r.report_id,
        r.comparison,
        string_agg(
            '「' || case when r.length > 120 then substr(t.plain, r.start, 120) || '…' else substr(t.plain, r.start, r.length) end || '」',
            ' ' order by r.length desc, r.start) as evidence,
        max(r.length) as longest_passage
    from (
        select *, row_number() over (partition by report_id, comparison order by length desc, start) as rank
        from runs
    ) as r
    inner join texts as t on t.report_id = r.report_id
    where r.rank <= 3
    group by r.report_id, r.comparison
)

select
    m.report_id,
    m.comparison,
    m.compared_report_id,
    m.bodies,
    m.chars,
    cast(round(m.sampled_share, 4) as double) as sampled_share,
    cast(round(m.copy_rate, 4) as double) as copy_rate,
    p.longest_passage,
    p.evidence
from measured as m
left join passages as p using (report_id, comparison)
