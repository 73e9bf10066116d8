{{ config(schema='intermediate') }}

-- The soft cross-year identities of report-format.md, one row per current report × identity × scope:
--   cross_year_carry     per applicant column: carried_over(Y) = carried_forward(Y-1)
--   cross_year_in_force  per item regulation / normative_document:
--                        in_force(Y) = in_force(Y-1) + issued(Y) - repealed(Y)
-- blank / not_applicable cells count as 0 (zero_filled); a missing or absent cell, or no report
-- of the same body for Y-1, makes the row undecidable (lhs, rhs NULL), never pass.
-- expectations/frames.py evaluates the same identities in pandas for the GX suites.
--
-- A table, incremental (dbt_project.yml): fct_identity_checks and four tests read it, and computing
-- it whole means scanning the 20 million cells. An incremental run recomputes the current reports
-- of every body that has a new current report (macros/incremental_reports.sql, rebuilt_reports);
-- the post-hook drops the rows of reports that are no longer current. `dbt build --full-refresh`
-- recomputes all.

with

pairs as (
    select * from {{ ref('int_reports__previous_year') }}
    {% if is_incremental() %}
    where report_id in ({{ rebuilt_reports(ref('int_reports__previous_year')) }})
    {% endif %}
),

{% if is_incremental() %}
-- the reports whose cells are compared: the rebuilt ones and their predecessors
compared as (
    select report_id from pairs
    union
    select previous_report_id from pairs
),
{% endif %}

cells as (
    select
        report_id,
        outcome as row_code,
        applicant as col_code,
        case when state = 'number' then value when state in ('blank', 'not_applicable') then 0 end as num,
        state in ('blank', 'not_applicable') as zero_filled
    from {{ ref('fct_applications') }}
    {% if is_incremental() %}where report_id in (select report_id from compared){% endif %}
    union all
    select
        report_id,
        measure as row_code,
        item as col_code,
        case when state = 'number' then value when state in ('blank', 'not_applicable') then 0 end as num,
        state in ('blank', 'not_applicable') as zero_filled
    from {{ ref('fct_proactive_disclosure') }}
    {% if is_incremental() %}where report_id in (select report_id from compared){% endif %}
),

applicants as (
    select unnest([
        'natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org',
        'legal_service_org', 'other_org', 'total'
    ]) as scope
),

in_force_items as (
    select unnest(['regulation', 'normative_document']) as scope
),

carry as (
    select
        p.report_id,
        'cross_year_carry' as identity,
        a.scope,
        p.previous_report_id,
        p.previous_year,
        cur.num as lhs,
        prev.num as rhs,
        (cur.num is null or prev.num is null) as has_missing,
        (coalesce(cur.zero_filled, false) or coalesce(prev.zero_filled, false)) as zero_filled,
        concat_ws(', ',
            case when cur.num is null then 'carried_over' end,
            case when prev.num is null then 'previous_carried_forward' end
        ) as missing_names
    from pairs as p
    cross join applicants as a
    left join cells as cur
        on cur.report_id = p.report_id and cur.row_code = 'carried_over' and cur.col_code = a.scope
    left join cells as prev
        on prev.report_id = p.previous_report_id and prev.row_code = 'carried_forward' and prev.col_code = a.scope
),

in_force as (
    select
        p.report_id,
        'cross_year_in_force' as identity,
        i.scope,
        p.previous_report_id,
        p.previous_year,
        cur.num as lhs,
        prev.num + issued.num - repealed.num as rhs,
        (cur.num is null or prev.num is null or issued.num is null or repealed.num is null) as has_missing,
        (coalesce(cur.zero_filled, false) or coalesce(prev.zero_filled, false)
            or coalesce(issued.zero_filled, false) or coalesce(repealed.zero_filled, false)) as zero_filled,
        concat_ws(', ',
            case when cur.num is null then 'in_force' end,
            case when prev.num is null then 'previous_in_force' end,
            case when issued.num is null then 'issued' end,
            case when repealed.num is null then 'repealed' end
        ) as missing_names
    from pairs as p
    cross join in_force_items as i
    left join cells as cur
        on cur.report_id = p.report_id and cur.row_code = 'in_force' and cur.col_code = i.scope
    left join cells as prev
        on prev.report_id = p.previous_report_id and prev.row_code = 'in_force' and prev.col_code = i.scope
    left join cells as issued
        on issued.report_id = p.report_id and issued.row_code = 'issued' and issued.col_code = i.scope
    left join cells as repealed
        on repealed.report_id = p.report_id and repealed.row_code = 'repealed' and repealed.col_code = i.scope
),

operands as (
    select * from carry
    union all
    select * from in_force
),

judged as (
    select
        *,
        (previous_report_id is null or has_missing) as undecidable
    from operands
)

select
    report_id,
    identity,
    scope,
    cast(case when undecidable then null else lhs end as double) as lhs,
    cast(case when undecidable then null else rhs end as double) as rhs,
    case
        when undecidable then 'undecidable'
        when abs(lhs - rhs) <= 1e-6 then 'pass'
        else 'fail'
    end as status,
    'warning' as severity,
    (zero_filled and not undecidable) as zero_filled,
    case
        when previous_report_id is null then 'no current report of the same body for the year before'
        when has_missing then 'missing: ' || missing_names
        else 'against report ' || previous_report_id || ' of ' || previous_year
    end as detail
from judged
