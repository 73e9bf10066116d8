{#-
  The hash of every 8-character substring (shingle) of a text, in position order: element i is
  the shingle starting at character i. `chars` is a column holding the text as a list of
  characters (string_split(text, '')), computed once in a CTE before: the lambda reads it for
  every position.
  Built by concatenating 8 list elements, the same string as substr(text, i, 8) and so the same
  hash: substr counts characters from the start of a UTF-8 string on every call (quadratic in
  the text's length: 11 s for the 5 million shingles of 10,000 reports, 1.5 s this way).
-#}
{% macro shingle_hashes(chars, width=8) -%}
    list_transform(range(1, len({{ chars }}) - {{ width - 2 }}),
        lambda i: hash(concat({% for k in range(width) %}{{ chars }}[i{% if k %} + {{ k }}{% endif %}]{{ ', ' if not loop.last }}{% endfor %})))
{%- endmacro %}
