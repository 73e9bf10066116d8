-- One row per report × outcome × applicant: the cells of table_name 'applications' (macros/fct_cells.sql).
-- depends_on: {{ ref('stg_raw__reports') }}

{{ fct_cells('applications', row_column='outcome', col_column='applicant') }}
