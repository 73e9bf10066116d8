{{ config(schema='intermediate') }}

-- The identity checks of fct_identity_checks without the review decisions (that view adds them).
-- Incremental. A report's own identities never change (report_id is the hash of the
-- document), but its cross-year rows depend on the other reports of the same body: a new
-- report of a body can give an existing one a predecessor, or take its is_current away.
-- So an incremental run rebuilds every report of a body that has a new report (and the new
-- reports without a body); `dbt build --full-refresh` rebuilds everything.
-- depends_on: {{ ref('stg_raw__reports') }}

with

{% if is_incremental() %}
rebuilt as (
    {{ rebuilt_reports() }}
),
{% endif %}

identities as (
    select * from {{ ref('stg_raw__identities') }}
    {% if is_incremental() %}where report_id in (select report_id from rebuilt){% endif %}
),

-- cross_year_carry / cross_year_in_force need two reports: evaluated in the warehouse
-- (an incremental table that an incremental run brings up to date for the same reports).
cross_year as (
    select * from {{ ref('int_identity_checks__cross_year') }}
    {% if is_incremental() %}where report_id in (select report_id from rebuilt){% endif %}
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
