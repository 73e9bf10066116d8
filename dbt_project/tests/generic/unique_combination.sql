{#- Fails for every combination of `columns` that occurs more than once: the model's grain.

    The plain GROUP BY over every column works on any adapter. On DuckDB the columns are first
    grouped by one 64-bit hash (a hash table of 16 bytes per row instead of every key string:
    at 20 million cells that is the difference between spilling to disk and not), and only
    rows whose hash repeats are grouped by their real values: the same failing rows, faster.
    (macros/unique_combination_sql.sql)
-#}
{% test unique_combination(model, columns) %}
{{ adapter.dispatch('unique_combination_sql')(model, columns) }}
{% endtest %}
