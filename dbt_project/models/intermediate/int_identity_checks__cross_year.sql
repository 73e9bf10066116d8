{{ config(schema='intermediate') }}

-- The soft cross-year identities of report-format.md, one row per current report × identity × scope,
-- as the identity table (ingest/data/identities.csv, kind cross_year) defines them, e.g.
--   cross_year_carry     per applicant column: carried_over(Y) = carried_forward(Y-1)
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

-- The operands, one row per identity x scope x operand: generated from the identity table
-- (ingest/data/identities.csv) into macros/identity_operands.sql by warehouse/dbt_vocabulary.py.
operands as (
    {{ cross_year_identity_operands() }}
),

cells as (
    select 'applications' as cells, report_id, outcome as row_code, applicant as col_code, value, state
    from {{ ref('fct_applications') }}
    where outcome in (select row_code from operands where cells = 'applications')
    {% if is_incremental() %}and report_id in (select report_id from compared){% endif %}
    union all
    select 'proactive' as cells, report_id, item as row_code, measure as col_code, value, state
    from {{ ref('fct_proactive_disclosure') }}
    where item in (select row_code from operands where cells = 'proactive')
    {% if is_incremental() %}and report_id in (select report_id from compared){% endif %}
),

numbers as (
    select
        cells,
        report_id,
        row_code,
        col_code,
        {{ cell_number('state', 'value') }} as num,
        {{ cell_zero_filled('state') }} as zero_filled
    from cells
),

terms as (
    select
        p.report_id,
        p.previous_report_id,
        p.previous_year,
        o.identity,
        o.severity,
        o.scope,
        o.position,
        o.side,
        o.sign,
        o.name,
        n.num,
        n.zero_filled
    from pairs as p
    cross join operands as o
    left join numbers as n
        on n.cells = o.cells
        and n.report_id = (case when o.previous then p.previous_report_id else p.report_id end)
        and n.row_code = o.row_code
        and n.col_code = o.col_code
),

judged as (
    select
        report_id,
        identity,
        scope,
        any_value(severity) as severity,
        any_value(previous_report_id) as previous_report_id,
        any_value(previous_year) as previous_year,
        sum(case when side = 'lhs' then sign * num end) as lhs,
        sum(case when side = 'rhs' then sign * num end) as rhs,
        bool_or(num is null) as has_missing,
        bool_or(coalesce(zero_filled, false)) as zero_filled,
        (any_value(previous_report_id) is null or bool_or(num is null)) as undecidable
    from terms
    group by report_id, identity, scope
),

-- The names of the missing operands, in the table's order, only where a report of the year before
-- exists (else the detail says there is none): an ordered string_agg over every group tripled
-- the model's time at 100,000 reports (docs/speed.md, stop 14).
missing as (
    select report_id, identity, scope, string_agg(name, ', ' order by position) as missing_names
    from terms
    where num is null and previous_report_id is not null
    group by report_id, identity, scope
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
    severity,
    (zero_filled and not undecidable) as zero_filled,
    case
        when previous_report_id is null then 'no current report of the same body for the year before'
        when has_missing then 'missing: ' || missing_names
        else 'against report ' || previous_report_id || ' of ' || previous_year
    end as detail
from judged
left join missing using (report_id, identity, scope)
