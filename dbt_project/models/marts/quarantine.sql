with

quarantined as (
    select * from {{ source('raw', 'quarantine') }}
)

select
    cast(source_path as varchar) as source_path,
    cast(sha256 as varchar) as sha256,
    cast(reason as varchar) as reason,
    cast(detected_at as timestamp) as detected_at
from quarantined
