{{ config(materialized='table', schema='intermediate') }}

-- Every current report with the current report of the same body for the year before.
-- A table (~45,000 rows, rebuilt each run): the cross-year models, their post-hooks and two
-- tests read it a dozen times per build.
-- Same body: same agency, and division codes equal or one of them unknown. dim_report keeps
-- one current report per agency and year, so there is at most one predecessor.
-- expectations/frames.py (previous_year_pairs) implements the same pairing in pandas.

with

current_reports as (
    select report_id, agency, year, division_code
    from {{ ref('dim_report') }}
    where is_current
),

predecessors as (
    select
        cur.report_id,
        prev.report_id as previous_report_id,
        prev.year as previous_year
    from current_reports as cur
    inner join current_reports as prev
        on prev.agency = cur.agency
        and prev.year = cur.year - 1
        and (cur.division_code is null or prev.division_code is null or prev.division_code = cur.division_code)
    qualify row_number() over (partition by cur.report_id order by prev.report_id) = 1
)

select
    cur.report_id,
    cur.agency,
    cur.year,
    cur.division_code,
    p.previous_report_id,
    p.previous_year
from current_reports as cur
left join predecessors as p using (report_id)
