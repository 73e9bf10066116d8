{{ config(materialized='view') }}

-- The identity checks (intermediate.int_identity_checks, incremental) with the review decision in
-- force on each (marts.fct_review_decisions). A view, so a decision recorded by `gongkai review`
-- shows without a dbt build. review_status is 'open' for a failing check nobody decided on (or
-- reopened), NULL for a check that does not fail and was never decided.

with

checks as (
    select * from {{ ref('int_identity_checks') }}
),

decisions as (
    select * from {{ ref('fct_review_decisions') }}
    where is_latest
)

select
    checks.report_id,
    checks.identity,
    checks.scope,
    checks.lhs,
    checks.rhs,
    checks.status,
    checks.severity,
    checks.zero_filled,
    checks.detail,
    coalesce(decisions.review_status, case when checks.status = 'fail' then 'open' end) as review_status,
    decisions.review_comment,
    decisions.reviewed_at,
    decisions.reviewed_by
from checks
left join decisions
    on decisions.report_id = checks.report_id
    and decisions.check_name = checks.identity
    and decisions.scope = checks.scope
