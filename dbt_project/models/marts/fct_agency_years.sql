-- Incremental like int_identity_checks__cross_year (dbt_project.yml): a row pairs a current report
-- with the same body's report of the year before, so an incremental run recomputes the current
-- reports of every body with a new current report, and the post-hook drops the rows of reports
-- that are no longer current.

with

pairs as (
    select * from {{ ref('int_reports__previous_year') }}
    {% if is_incremental() %}
    where report_id in ({{ rebuilt_reports(ref('int_reports__previous_year')) }})
    {% endif %}
),

reports as (
    select report_id, agency_id, format_version from {{ ref('dim_report') }}
),

-- 处理决定数量 (2019 template) and 本年处理决定数量 (2021) share the code `decisions`:
-- comparable across templates for these three items only. Blank and "/" count as 0, missing is NULL.
decisions as (
    select
        report_id,
        max(case when item = 'administrative_license' then num end) as license_decisions,
        max(case when item = 'administrative_penalty' then num end) as penalty_decisions,
        max(case when item = 'administrative_coercion' then num end) as coercion_decisions
    from (
        select
            report_id,
            item,
            {{ cell_number('state', 'value') }} as num
        from {{ ref('fct_proactive_disclosure') }}
        where measure = 'decisions'
            and item in ('administrative_license', 'administrative_penalty', 'administrative_coercion')
        {% if is_incremental() %}
            and report_id in (select report_id from pairs union select previous_report_id from pairs)
        {% endif %}
    )
    group by report_id
),

totals as (
    select
        report_id,
        max(case when outcome = 'carried_over' then value end) as carried_over_total,
        max(case when outcome = 'carried_forward' then value end) as carried_forward_total,
        max(case when outcome = 'new_received' then value end) as new_received_total
    from {{ ref('fct_applications') }}
    where applicant = 'total'
    {% if is_incremental() %}
        and report_id in (select report_id from pairs union select previous_report_id from pairs)
    {% endif %}
    group by report_id
)

select
    pairs.report_id,
    reports.agency_id,
    pairs.agency,
    pairs.year,
    pairs.previous_report_id,
    cur.carried_over_total,
    prev.carried_forward_total as previous_carried_forward_total,
    cur.new_received_total,
    prev.new_received_total as previous_new_received_total,
    cur.new_received_total - prev.new_received_total as new_received_change,
    reports.format_version,
    previous_reports.format_version as previous_format_version,
    cur_decisions.license_decisions,
    prev_decisions.license_decisions as previous_license_decisions,
    cur_decisions.penalty_decisions,
    prev_decisions.penalty_decisions as previous_penalty_decisions,
    cur_decisions.coercion_decisions,
    prev_decisions.coercion_decisions as previous_coercion_decisions
from pairs
inner join reports using (report_id)
left join reports as previous_reports on previous_reports.report_id = pairs.previous_report_id
left join totals as cur on cur.report_id = pairs.report_id
left join totals as prev on prev.report_id = pairs.previous_report_id
left join decisions as cur_decisions on cur_decisions.report_id = pairs.report_id
left join decisions as prev_decisions on prev_decisions.report_id = pairs.previous_report_id
