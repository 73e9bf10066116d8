{#- Generated from ingest/data/identities.csv by `python -m warehouse.dbt_vocabulary`: do not edit.
  One row per cross-year identity x scope x operand; `previous`: the cell of the report
  of the year before. int_identity_checks__cross_year.sql evaluates them. -#}
{% macro cross_year_identity_operands() %}
    select * from (values
        ('cross_year_carry', 'warning', 'natural_person', 1, 'lhs', 1, false, 'applications', 'carried_over', 'natural_person', 'carried_over'),
        ('cross_year_carry', 'warning', 'natural_person', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'natural_person', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'commercial_enterprise', 1, 'lhs', 1, false, 'applications', 'carried_over', 'commercial_enterprise', 'carried_over'),
        ('cross_year_carry', 'warning', 'commercial_enterprise', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'commercial_enterprise', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'research_institution', 1, 'lhs', 1, false, 'applications', 'carried_over', 'research_institution', 'carried_over'),
        ('cross_year_carry', 'warning', 'research_institution', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'research_institution', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'social_welfare_org', 1, 'lhs', 1, false, 'applications', 'carried_over', 'social_welfare_org', 'carried_over'),
        ('cross_year_carry', 'warning', 'social_welfare_org', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'social_welfare_org', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'legal_service_org', 1, 'lhs', 1, false, 'applications', 'carried_over', 'legal_service_org', 'carried_over'),
        ('cross_year_carry', 'warning', 'legal_service_org', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'legal_service_org', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'other_org', 1, 'lhs', 1, false, 'applications', 'carried_over', 'other_org', 'carried_over'),
        ('cross_year_carry', 'warning', 'other_org', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'other_org', 'previous_carried_forward'),
        ('cross_year_carry', 'warning', 'total', 1, 'lhs', 1, false, 'applications', 'carried_over', 'total', 'carried_over'),
        ('cross_year_carry', 'warning', 'total', 2, 'rhs', 1, true, 'applications', 'carried_forward', 'total', 'previous_carried_forward'),
        ('cross_year_in_force', 'warning', 'regulation', 1, 'lhs', 1, false, 'proactive', 'regulation', 'in_force', 'in_force'),
        ('cross_year_in_force', 'warning', 'regulation', 2, 'rhs', 1, true, 'proactive', 'regulation', 'in_force', 'previous_in_force'),
        ('cross_year_in_force', 'warning', 'regulation', 3, 'rhs', 1, false, 'proactive', 'regulation', 'issued', 'issued'),
        ('cross_year_in_force', 'warning', 'regulation', 4, 'rhs', -1, false, 'proactive', 'regulation', 'repealed', 'repealed'),
        ('cross_year_in_force', 'warning', 'normative_document', 1, 'lhs', 1, false, 'proactive', 'normative_document', 'in_force', 'in_force'),
        ('cross_year_in_force', 'warning', 'normative_document', 2, 'rhs', 1, true, 'proactive', 'normative_document', 'in_force', 'previous_in_force'),
        ('cross_year_in_force', 'warning', 'normative_document', 3, 'rhs', 1, false, 'proactive', 'normative_document', 'issued', 'issued'),
        ('cross_year_in_force', 'warning', 'normative_document', 4, 'rhs', -1, false, 'proactive', 'normative_document', 'repealed', 'repealed')
    ) as operands(identity, severity, scope, position, side, sign, previous, cells, row_code, col_code, name)
{% endmacro %}
