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
-- 2. only the reports left are compared on their sampled hashes with the other reports of the
--    region and year, to find the nearest one, which is then compared exactly like last year's.
-- The joins and groupings of both steps and of the exact comparison run on integers numbering the
-- reports, bodies, (region, year) groups and compared pairs of this run (numbered in order, so
-- deterministic), not on the 64-character report ids. The exact comparison joins every shingle
-- position of the measured report with the compared report's shingles once: the matched
-- positions give both the copy rate (their distinct shingles) and the evidence (their runs).

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
    where {{ new_reports_only(reports='texts') }}
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

-- the reports compared within their region: report, body and (region, year) as integers
numbered as (
    select
        report_id,
        row_number() over (order by report_id) as report,
        dense_rank() over (order by agency_id) as body,
        dense_rank() over (order by region, year) as grp
    from texts
    where region is not null
        {% if is_incremental() %}and (region, year) in (select (region, year) from affected_groups){% endif %}
),

sampled as (
    select n.report, n.body, n.grp, unnest(list_filter(t.shingles, lambda h: h % {{ sample }} = 0)) as h
    from numbered as n
    inner join texts as t using (report_id)
),

spread as (
    select grp, h, count(distinct body) as bodies
    from sampled
    group by grp, h
),

sample_share as (
    select s.report, count(*) as sampled, count(*) filter (where sp.bodies >= 2) as shared
    from sampled as s
    inner join spread as sp using (grp, h)
    group by s.report
),

region_candidates as (
    select report, sampled
    from sample_share
    where shared >= {{ threshold_of.format('narrative_shared_in_region') }} * sampled
),

-- each report's sampled hashes as a bitstring over the shared hashes of its group (those printed by
-- two or more bodies: a hash of one body is common to no pair of bodies), so that the sampled
-- hashes two reports have in common are bit_count(a & b): the pairs cost a candidate times the
-- reports of its group, not the square of the reports printing each hash (45 million joined rows
-- at 10,000 generator reports, whose narratives share most of their text).
shared_hashes as (
    select grp, h,
        cast(row_number() over (partition by grp order by h) - 1 as integer) as bit,
        cast(count(*) over (partition by grp) as integer) as width
    from spread
    where bodies >= 2
),

report_bits as (
    select s.report, any_value(s.body) as body, any_value(s.grp) as grp,
        bit_or(set_bit(bitstring('0', x.width), x.bit, 1)) as bits
    from sampled as s
    inner join shared_hashes as x using (grp, h)
    group by s.report
),

region_overlap as (
    select * from (
        select a.report, b.report as other, bit_count(a.bits & b.bits) as common, c.sampled
        from report_bits as a
        inner join region_candidates as c on c.report = a.report
        inner join report_bits as b on b.grp = a.grp and b.body <> a.body
    )
    where common > 0
),

region_pairs as (
    select report, other, cast(bodies as integer) as bodies
    from (
        select
            report,
            other,
            row_number() over (partition by report order by common desc, other) as rank,
            count(*) filter (where common >= {{ threshold_of.format('narrative_shared_in_region') }} * sampled)
                over (partition by report) as bodies
        from region_overlap
    )
    where rank = 1
),

-- every report of a region gets a row: those under the threshold on the sample without a nearest one
region_rows as (
    select n.report_id, 'region' as comparison, o.report_id as compared_report_id, p.bodies,
        s.shared / s.sampled as sampled_share
    from sample_share as s
    inner join numbered as n using (report)
    left join region_pairs as p using (report)
    left join numbered as o on o.report = p.other
),

pairs as (
    select * from previous_pairs
    union all
    select * from region_rows
),

-- the pairs compared exactly (both texts known), numbered
compared as (
    select report_id, comparison, compared_report_id,
        row_number() over (order by report_id, comparison) as pair
    from pairs
    where compared_report_id in (select report_id from texts)
),

-- every shingle of the measured report of each pair with its position i (its first character)
positions as (
    select pair, unnest(hashes) as h, generate_subscripts(hashes, 1) as i
    from (
        select pair, {{ shingle_hashes('characters') }} as hashes
        from (
            select c.pair, string_split(a.masked, '') as characters
            from compared as c
            inner join texts as a on a.report_id = c.report_id
        )
    )
),

other_shingles as (
    select c.pair, unnest(b.shingles) as h
    from compared as c
    inner join texts as b on b.report_id = c.compared_report_id
),

-- the positions whose shingle the compared report also has
matched as (
    select p.pair, p.i, p.h
    from positions as p
    semi join other_shingles as o on o.pair = p.pair and o.h = p.h
),

-- the report's distinct shingles the compared one also has
overlap as (
    select pair, count(distinct h) as common
    from matched
    group by pair
),

measured as (
    select
        p.report_id,
        p.comparison,
        p.compared_report_id,
        p.bodies,
        p.sampled_share,
        a.chars,
        c.pair,
        case when c.pair is not null then coalesce(o.common, 0) / len(a.shingles) end as copy_rate
    from pairs as p
    inner join texts as a on a.report_id = p.report_id
    left join compared as c on c.report_id = p.report_id and c.comparison = p.comparison
    left join overlap as o on o.pair = c.pair
),

flagged as (
    select pair
    from measured
    where copy_rate >= case comparison
        when 'previous_year' then {{ threshold_of.format('narrative_copied_from_previous_year') }}
        else {{ threshold_of.format('narrative_shared_in_region') }} end
),

runs as (
    select pair, min(i) as start, max(i) - min(i) + 8 as length
    from (
        select *, i - row_number() over (partition by pair order by i) as island
        from matched
        where pair in (select pair from flagged)
    )
    group by pair, island
),

passages as (
    select
        c.report_id,
        c.comparison,
        string_agg(
            '「' || case when r.length > 120 then substr(t.plain, r.start, 120) || '…' else substr(t.plain, r.start, r.length) end || '」',
            ' ' order by r.length desc, r.start) as evidence,
        max(r.length) as longest_passage
    from (
        select *, row_number() over (partition by pair order by length desc, start) as rank
        from runs
    ) as r
    inner join compared as c using (pair)
    inner join texts as t on t.report_id = c.report_id
    where r.rank <= 3
    group by c.report_id, c.comparison
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
