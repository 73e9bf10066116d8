-- One row per report × item × measure: the cells of table_name 'proactive' (macros/fct_cells.sql).
-- depends_on: {{ ref('stg_raw__reports') }}

{{ fct_cells('proactive', row_column='item', col_column='measure') }}
