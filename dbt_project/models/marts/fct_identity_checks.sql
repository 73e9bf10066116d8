with

identities as (
    select * from {{ ref('stg_raw__identities') }}
),

-- cross_year_carry / cross_year_in_force need two reports: evaluated in the warehouse.
cross_year as (
    select * from {{ ref('int_identity_checks__cross_year') }}
),

checks as (
    select report_id, identity, scope, lhs, rhs, status, severity, zero_filled, detail
    from identities
    union all
    select report_id, identity, scope, lhs, rhs, status, severity, zero_filled, detail
    from cross_year
)

select
    report_id,
    identity,
    scope,
    lhs,
    rhs,
    status,
    severity,
    zero_filled,
    detail
from checks
