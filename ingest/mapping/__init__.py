"""The parts of the mapper (`ingest/mapper.py` reads rows in order and holds the entry point
`map_rows`):

- `sections`: which table or section a printed label opens, given where the reading stands;
- `columns`: the columns of each table (codes, printed column labels, money units);
- `rows`: placing a row label's values in its cells, and the document's cells in order;
- `glued`: cutting values printed run together into one value per column;
- `table4`: table 4's shape (where its headers stand) and the placement of its values;
- `findings`: the warnings a placement writes.
"""
