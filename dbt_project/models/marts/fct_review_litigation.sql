-- One row per report × proceeding × outcome: the cells of table_name 'review_litigation' (macros/fct_cells.sql).
-- depends_on: {{ ref('stg_raw__reports') }}

{{ fct_cells('review_litigation', row_column='proceeding', col_column='outcome') }}
