{#- The SQL of the unique_combination test (tests/generic/unique_combination.sql), per adapter. -#}

{% macro default__unique_combination_sql(model, columns) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endmacro %}

{% macro duckdb__unique_combination_sql(model, columns) %}
with repeated_hashes as (
    select hash({{ columns | join(', ') }}) as row_hash
    from {{ model }}
    group by 1
    having count(*) > 1
)

select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
where hash({{ columns | join(', ') }}) in (select row_hash from repeated_hashes)
group by {{ columns | join(', ') }}
having count(*) > 1
{% endmacro %}
