-- One row per report × item × measure: the cells of table_name 'proactive' (macros/fct_cells.sql),
-- with the report's template: the 2019 template (〔2019〕60号) has its own table 2 (22 cells, see
-- ingest/codes.py T2_2019_CELLS); `decisions` is the one measure both templates print.
-- depends_on: {{ ref('stg_raw__reports') }}

{{ fct_cells('proactive', row_column='item', col_column='measure', with_format_version=true) }}
