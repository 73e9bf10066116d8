with

reports as (
    select * from {{ ref('dim_report') }}
    where agency_id is not null
),

newest as (
    select *
    from reports
    qualify row_number() over (
        partition by agency_id order by is_current desc, year desc, ingested_at desc, report_id desc
    ) = 1
),

spans as (
    select
        agency_id,
        min(year) as first_year,
        max(year) as last_year,
        count(distinct case when is_current then year end) as years_reported,
        count(*) as documents
    from reports
    group by agency_id
)

select
    newest.agency_id,
    newest.agency,
    newest.agency_kind,
    newest.province,
    newest.city,
    newest.county,
    newest.division_code,
    spans.first_year,
    spans.last_year,
    spans.years_reported,
    spans.documents
from newest
inner join spans using (agency_id)
