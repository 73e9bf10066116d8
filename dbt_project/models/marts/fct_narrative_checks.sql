-- The soft narrative findings of the current reports, one row per report × check × scope where
-- the check could be decided (passed or not); severity is always 'warning' (the identities' soft severity). Check names and
-- thresholds: the seed narrative_check_names. message_zh is a sentence for the correction letter,
-- evidence the quoted text it rests on. report_missing rows have no report (report_id NULL): the
-- body and the missing year. Region copy rows without a nearest report pass on the sampled share
-- (measured): less than the threshold of the text is printed by any other body at all.

with

checks as (
    select * from {{ ref('narrative_check_names') }}
),

reports as (
    select report_id, agency_id, agency, year, province, city
    from {{ ref('dim_report') }}
    where is_current
),

sections as (
    select
        report_id,
        max(case when section = 'overview' and located then text end) as overview,
        max(case when section = 'problems' and located then text end) as problems,
        max(case when section = 'other' and located then text end) as other,
        bool_or(section = 'problems' and located) as problems_located
    from {{ ref('stg_raw__narrative_sections') }}
    group by report_id
),

copy_rows as (
    select
        c.report_id,
        case c.comparison when 'previous_year' then 'narrative_copied_from_previous_year'
            else 'narrative_shared_in_region' end as check_name,
        coalesce(c.copy_rate, c.sampled_share) as measured,
        c.compared_report_id,
        c.comparison,
        c.bodies,
        c.evidence,
        other.agency as compared_agency,
        other.year as compared_year
    from {{ ref('fct_narrative_copy') }} as c
    left join reports as other on other.report_id = c.compared_report_id
),

copies as (
    select
        r.report_id,
        k.check_name,
        k.scope,
        c.measured < k.threshold as passed,
        case
            when c.measured < k.threshold then null
            when c.comparison = 'previous_year' then format(
                '报告正文（第一、五、六部分）有{}%的文字与本机关{}年度报告相同，疑似照搬上年报告，请据实撰写本年度工作情况。',
                cast(round(c.measured * 100) as integer), c.compared_year)
            else format(
                '报告正文（第一、五、六部分）有{}%的文字与同地区{}等{}个机关同年度的报告相同，疑似套用同一文本，请结合本机关实际撰写。',
                cast(round(c.measured * 100) as integer), c.compared_agency, greatest(c.bodies, 1))
        end as message_zh,
        c.evidence,
        c.measured,
        c.compared_report_id
    from copy_rows as c
    inner join reports as r using (report_id)
    inner join checks as k using (check_name)
),

problems as (
    select
        s.report_id,
        'problems_section_empty' as check_name,
        regexp_replace(coalesce(s.problems, ''), '[\s\p{P}0-9一二三四五六七八九十、.．（）()]+', '', 'g')
            in ('', '无', '没有', '暂无', '无问题', '没有问题') as empty,
        s.problems
    from sections as s
    where s.problems_located
),

problem_rows as (
    select
        p.report_id,
        p.check_name,
        k.scope,
        not p.empty as passed,
        case when p.empty then '第五部分“存在的主要问题及改进情况”为空或仅写“无”，未说明本年度工作存在的问题和改进措施，请补充。' end
            as message_zh,
        '「' || coalesce(nullif(p.problems, ''), '（空）') || '」' as evidence,
        cast(null as double) as measured,
        cast(null as varchar) as compared_report_id
    from problems as p
    inner join checks as k using (check_name)
),

fees as (
    select
        rep.report_id,
        try_cast(json_extract_string(rep.narrative_json, '$.fee_notices') as integer) as notices,
        cast(a.value as integer) as unpaid,
        s.other
    from {{ ref('stg_raw__reports') }} as rep
    inner join {{ ref('fct_applications') }} as a
        on a.report_id = rep.report_id and a.outcome = 'other.fee_unpaid' and a.applicant = 'total'
            and {{ cell_known('a.state') }}
    inner join sections as s on s.report_id = rep.report_id
    where json_extract_string(rep.narrative_json, '$.fee_notices') is not null
),

fee_rows as (
    select
        f.report_id,
        'fee_statement_vs_table3' as check_name,
        k.scope,
        coalesce(f.unpaid, 0) <= f.notices as passed,
        case when coalesce(f.unpaid, 0) > f.notices then format(
            '第六部分{}，但表三“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理”为{}件（每件均须先发出收费通知），二者矛盾，请核对。',
            case when f.notices = 0 then '称未发出收费通知、未收取信息处理费' else format('称发出收费通知{}件', f.notices) end,
            f.unpaid) end as message_zh,
        '「' || coalesce(nullif(regexp_extract(f.other, '[^\n]*(?:收费|信息处理费)[^\n]*'), ''), f.other) || '」' as evidence,
        cast(coalesce(f.unpaid, 0) as double) as measured,
        cast(null as varchar) as compared_report_id
    from fees as f
    inner join checks as k on k.check_name = 'fee_statement_vs_table3'
),

-- the sentence of section 一 stating the count (NULL when it cannot be found again): the first
-- stretch between 。；; and line breaks holding 受理, 收到, 新收 or 接收, after it 申请, after that
-- the count (a whole run of digits: 15件 is not 5件) before 件. Found with constant patterns: one
-- holding each report's count is compiled for every row (3.9 s at 10,000 reports). That pattern
-- still decides where its \s* could cross a line break before 件, and for a negative count.
application_sentences as (
    select
        i.*,
        case when i.lhs < 0 or regexp_matches(s.overview, '\n\s*件') then
            nullif(regexp_extract(s.overview, '[^。；;\n]*(?:受理|收到|新收|接收)[^。；;\n]*申请(?:[^。；;\n]*?[^。；;\n0-9])?'
                || cast(cast(i.lhs as bigint) as varchar) || '\s*件[^。；;\n]*'), '')
        else
            list_filter(string_split_regex(s.overview, '[。；;\n]'), lambda part: len(list_filter(
                regexp_extract_all(regexp_extract(part, '(?:受理|收到|新收|接收).*?申请(.*)', 1), '(\d+)\s*件', 1),
                lambda run: run = cast(cast(i.lhs as bigint) as varchar))) > 0)[1]
        end as sentence
    from {{ ref('stg_raw__identities') }} as i
    left join sections as s on s.report_id = i.report_id
    where i.identity = 'narrative_applications' and i.status in ('pass', 'fail')
),

application_rows as (
    select
        i.report_id,
        i.identity as check_name,
        k.scope,
        i.status = 'pass' as passed,
        case when i.status = 'fail' then format(
            '第一部分称受理政府信息公开申请{}件，与表三本年新收申请数（{}件）不一致，请核对。',
            cast(i.lhs as bigint), cast(i.rhs as bigint)) end as message_zh,
        '「' || i.sentence || '」' as evidence,
        i.lhs as measured,
        cast(null as varchar) as compared_report_id
    from application_sentences as i
    inner join checks as k on k.check_name = i.identity
),

report_rows as (
    select * from copies
    union all
    select * from problem_rows
    union all
    select * from fee_rows
    union all
    select * from application_rows
),

missing_rows as (
    select
        cast(null as varchar) as report_id,
        m.agency_id,
        m.missing_year as report_year,
        'report_missing' as check_name,
        k.scope,
        'warning' as severity,
        false as passed,
        format('本机关{}年度政府信息公开工作年度报告已收录，{}年度报告未找到，请核实是否已按时发布，并提供报告链接或文件。',
            m.last_year, m.missing_year) as message_zh,
        '上一年度报告：' || m.last_source_path as evidence,
        cast(null as double) as measured,
        m.last_report_id as compared_report_id,
        m.agency,
        m.province,
        m.city
    from {{ ref('fct_missing_reports') }} as m
    inner join checks as k on k.check_name = 'report_missing'
)

select
    x.report_id,
    r.agency_id,
    r.year as report_year,
    x.check_name,
    x.scope,
    'warning' as severity,
    x.passed,
    x.message_zh,
    x.evidence,
    x.measured,
    x.compared_report_id,
    r.agency,
    r.province,
    r.city
from report_rows as x
inner join reports as r using (report_id)
union all
select * from missing_rows
