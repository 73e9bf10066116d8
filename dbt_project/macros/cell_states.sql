{#- Generated from ingest/data/cell_states.csv by `python -m warehouse.dbt_vocabulary`: do not edit.
  A cell's number as the identities count it (NULL when it is not known), whether it
  was counted as 0, and whether it is known (read with certainty). -#}
{% macro cell_number(state='state', value='value') -%}
    case when {{ state }} = 'number' then {{ value }} when {{ state }} in ('blank', 'not_applicable') then 0 end
{%- endmacro %}

{% macro cell_zero_filled(state='state') -%}
    {{ state }} in ('blank', 'not_applicable')
{%- endmacro %}

{% macro cell_known(state='state') -%}
    {{ state }} in ('number', 'blank', 'not_applicable')
{%- endmacro %}
