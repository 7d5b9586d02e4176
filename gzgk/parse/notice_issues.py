"""What can go wrong when reading a notice: issue types of the topic ``notice``."""

from __future__ import annotations

from gzgk.report import Severity, define_issue

__all__ = [
    "AMBIGUOUS_UNITS",
    "BAD_NOTICE_FILE",
    "COLUMN_GUESSED",
    "COLUMN_IGNORED",
    "COLUMN_MISSING",
    "CONVERSION_FAILED",
    "CONVERTER_MISSING",
    "DATE_UNREADABLE",
    "DOCUMENT_UNREADABLE",
    "EMPTY_SOURCE",
    "FILE_DAMAGED",
    "FILE_ENCRYPTED",
    "FILE_KIND_UNKNOWN",
    "NOTICE_MEMORY_EXCEEDED",
    "NOTICE_NO_LEAD",
    "NOTICE_READER_CRASHED",
    "NOTICE_RULE_APPLIED",
    "NOTICE_TOO_SLOW",
    "NO_TASKS",
    "NO_TASK_TABLE",
    "OFD_UNSUPPORTED",
    "PDF_NO_TEXT",
    "PINYIN_KEPT",
    "ROLE_WORD_GUESSED",
    "ROLE_WORD_MISPRINTED",
    "RULE_NOT_APPLIED",
    "SCHEDULE_UNREADABLE",
    "SECTION_UNITS_APPLIED",
    "SOURCE_UNREADABLE",
    "TABLE_HEADING_IMPLIED",
    "TABLE_NOTE_KEPT",
    "TABLE_RUN_TOGETHER",
    "TABLE_UNITS_NOT_FOUND",
    "TASK_CUT_SHORT",
    "TASK_MERGED_SUSPECT",
    "TASK_NO_CONTENT",
    "TASK_NO_LEAD",
    "TASK_NO_NUMBER",
    "TASK_NO_TITLE",
    "TASK_NUMBERS_MADE",
    "TASK_NUMBER_DUPLICATE",
    "TASK_NUMBER_GAP",
    "TASK_NUMBER_IN_TEXT",
    "TASK_NUMBER_STYLE_CHANGED",
    "TASK_ROW_SPLIT",
    "TASK_SPANS_PAGES",
    "TASK_TEXT_IGNORED",
    "TASK_TEXT_REPEATED",
    "TASK_UNITS_UNPARSABLE",
    "UNITS_FROM_HEADING",
    "UNITS_FROM_ROWS_BELOW",
    "UNITS_FROM_ROW_ABOVE",
    "UNITS_LEFT_IN_TEXT",
    "UNITS_SHARE_ENDING",
    "UNITS_WITHOUT_ROLE",
    "UNIT_IN_TWO_ROLES",
    "UNIT_NAME_INVALID",
    "UNSUPPORTED_COLUMNS",
]

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING
_TOPIC = "notice"

SOURCE_UNREADABLE = define_issue(
    "source-unreadable",
    _ERROR,
    "无法读取通知文件",
    "无法读取通知文件：{reason}。"
    "请确认文件存在、未被其他程序占用，且是通知的文本、Word、PDF 或 Excel 文件",
    topic=_TOPIC,
)
BAD_NOTICE_FILE = define_issue(
    "notice-file-invalid",
    _ERROR,
    "通知文件格式不对",
    "不是有效的 gzgk 通知文件：{reason}",
    topic=_TOPIC,
)
EMPTY_SOURCE = define_issue(
    "empty-source",
    _ERROR,
    "通知内容为空",
    "通知内容为空：没有可解析的文字。请从 PDF 中重新复制通知全文",
    topic=_TOPIC,
)
NO_TASK_TABLE = define_issue(
    "no-task-table",
    _ERROR,
    "未找到任务分工",
    "未找到任务分工：没有找到写明单位的编号任务（如“（一）……（牵头单位：……）”"
    "“1.…… 另起一行 牵头单位：……”“（X牵头，Y配合）”），也没有“主要任务 牵头单位 责任单位”"
    "这样的表头。请确认复制了附件中的任务分工表",
    topic=_TOPIC,
)
NO_TASKS = define_issue(
    "no-tasks",
    _ERROR,
    "任务分工表中没有任务",
    "找到了任务分工表，但其中没有编号的任务（如“（一）”“1.”）。请检查通知或复制的文字是否完整",
    topic=_TOPIC,
)
UNSUPPORTED_COLUMNS = define_issue(
    "unsupported-columns",
    _ERROR,
    "表头含无法从文本中拆分的栏目",
    "表头“{header}”含有栏目“{columns}”，从 PDF 文字中无法可靠地拆分这些栏目。"
    "请把任务分工表另存为 .xlsx 后再解析",
    topic=_TOPIC,
)
COLUMN_MISSING = define_issue(
    "column-missing",
    _ERROR,
    "分工表缺少必需的列",
    "分工表的表头中找不到“{column}”列（找到的表头：{header}）。请补上该列的标题",
    topic=_TOPIC,
)
TASK_NUMBER_GAP = define_issue(
    "task-number-gap",
    _ERROR,
    "任务编号不连续",
    "任务编号不连续：“{previous}”之后是“{found}”，缺少“{expected}”。"
    "请检查该任务是否在复制时丢失或编号被打乱",
    topic=_TOPIC,
)
TASK_NUMBER_DUPLICATE = define_issue(
    "task-number-duplicate",
    _ERROR,
    "任务编号重复",
    "任务编号“{number}”出现了不止一次，后一项暂记为“{kept}”。请检查编号",
    topic=_TOPIC,
)
TASK_ROW_SPLIT = define_issue(
    "task-row-split",
    _WARNING,
    "合并单元格下的一行记为一项任务",
    "“{previous}”的编号和标题单元格跨了几行，这一行有自己的内容和单位，已作为一项单独的任务"
    "“{number}”。如这几行是同一项任务，请在输出的分工表中合并",
    topic=_TOPIC,
)
TASK_NO_CONTENT = define_issue(
    "task-no-content",
    _ERROR,
    "任务没有内容",
    "任务{label}只有编号，没有任务内容。请检查该任务的文字是否完整",
    topic=_TOPIC,
)
TASK_UNITS_UNPARSABLE = define_issue(
    "task-units-unparsable",
    _ERROR,
    "任务的单位栏无法拆分",
    "任务{label}的单位栏无法拆分成“{columns}”：{reason}。原文：“{text}”",
    topic=_TOPIC,
)
AMBIGUOUS_UNITS = define_issue(
    "task-units-ambiguous",
    _WARNING,
    "任务的单位栏有多种拆分方式",
    "任务{label}的单位栏有多种同样合理的拆分方式，已采用：{chosen}。请核对原文：“{text}”",
    topic=_TOPIC,
)
TASK_NO_LEAD = define_issue(
    "task-no-lead",
    _WARNING,
    "任务没有牵头单位",
    "任务{label}没有牵头单位。如属遗漏，请补充",
    topic=_TOPIC,
)
TASK_NO_TITLE = define_issue(
    "task-no-title",
    _WARNING,
    "任务没有标题",
    "任务{label}没有单独的“主要任务”标题，报送表中该栏将为空",
    topic=_TOPIC,
)
TASK_SPANS_PAGES = define_issue(
    "task-spans-pages",
    _WARNING,
    "任务跨页",
    "任务{label}跨页，已把各页的标题、内容和单位分别接上。请核对该任务",
    topic=_TOPIC,
)
TASK_TEXT_IGNORED = define_issue(
    "text-ignored",
    _WARNING,
    "有文字未归入任何任务",
    "有文字未归入任何任务：“{text}”。如它属于某项任务，请检查其编号",
    topic=_TOPIC,
)
PINYIN_KEPT = define_issue(
    "pinyin-in-text",
    _WARNING,
    "原文中有拼音注音",
    "原文中有{count}处汉字后跟着括号里的拼音，如“{example}”，是网页转载时加上的注音，"
    "读取时没有把它当作括号；任务的文字和单位名称照原文保留了拼音，"
    "请在输出的分工表中核对、删去这些任务中的拼音（{tasks}）",
    topic=_TOPIC,
)
DATE_UNREADABLE = define_issue(
    "date-unreadable",
    _WARNING,
    "日期无法识别",
    "{what}“{text}”无法识别为日期，已留空",
    topic=_TOPIC,
)
SCHEDULE_UNREADABLE = define_issue(
    "schedule-unreadable",
    _WARNING,
    "报送安排没有读出",
    "通知写明了报送安排（“{text}”），但{reason}，没有读出各期的名称和时限。"
    "需要按期报送时，请用 --rounds 写明，"
    '如 --rounds "2024年上半年=2024-07-10,2024年全年=2025-01-10"',
    topic=_TOPIC,
)
ROLE_WORD_GUESSED = define_issue(
    "role-word-guessed",
    _WARNING,
    "单位标注是推断的",
    "任务{label}的标注“{word}”不在常用说法之中，已按“{role}”理解。如理解有误，请改正原文或输出文件",
    topic=_TOPIC,
)
ROLE_WORD_MISPRINTED = define_issue(
    "role-word-misprinted",
    _WARNING,
    "单位标注像是错字",
    "任务{label}的标注“{word}”像是“{known}”印错了一个字，已按“{known}”理解。"
    "如理解有误，请改正原文或输出文件",
    topic=_TOPIC,
)
UNIT_NAME_INVALID = define_issue(
    "unit-name-invalid",
    _ERROR,
    "单位名称不像单位",
    "任务{label}的{role}“{name}”不像一个单位的名称：{reason}。"
    "请核对原文；可在输出的分工表中改正后再用",
    topic=_TOPIC,
)
TASK_CUT_SHORT = define_issue(
    "task-cut-short",
    _ERROR,
    "任务的文字被截断",
    "任务{label}的文字在“{text}”处中断，{why}：原文可能在此被截断，读出的单位可能不全。"
    "请补全原文，或在输出的分工表中核对该任务的单位",
    topic=_TOPIC,
)
UNITS_FROM_HEADING = define_issue(
    "units-from-heading",
    _WARNING,
    "单位取自任务的标题",
    "任务{label}的标题只有单位名称“{names}”，其下是任务内容，已把这些单位记为责任单位。请核对",
    topic=_TOPIC,
)
TASK_NUMBERS_MADE = define_issue(
    "task-numbers-made",
    _WARNING,
    "任务的编号是软件编的",
    "“{heading}”下的 {count} 段各是一项任务，原文没有给它们编号，已按先后顺序编为任务{tasks}。"
    "如需与原文对应，请在输出的分工表中改正编号",
    topic=_TOPIC,
)
UNITS_WITHOUT_ROLE = define_issue(
    "units-without-role",
    _WARNING,
    "括号中只有单位名称",
    "任务{label}末尾的括号只列了单位“{names}”，没有写明牵头、配合，已把这些单位记为责任单位。"
    "请核对",
    topic=_TOPIC,
)
UNITS_FROM_ROW_ABOVE = define_issue(
    "units-from-row-above",
    _WARNING,
    "单位沿用上一行",
    "任务{label}所在的行没有单位栏的文字（合并单元格只在第一行印出），已沿用上一行的“{names}”。"
    "请核对原文",
    topic=_TOPIC,
)
UNITS_FROM_ROWS_BELOW = define_issue(
    "units-from-rows-below",
    _WARNING,
    "单位分几行列出",
    "任务{label}的编号和内容只在第一行印出，其下几行各列出了单位，已把这些单位都计入该任务："
    "“{names}”。请核对原文",
    topic=_TOPIC,
)
SECTION_UNITS_APPLIED = define_issue(
    "section-units-applied",
    _WARNING,
    "已按标题写明的单位补充任务分工",
    "标题“{heading}”写明了“{names}”（{role}），已用于其下{count}项没有写明{role}的任务"
    "（{tasks}）。请核对",
    topic=_TOPIC,
)
NOTICE_NO_LEAD = define_issue(
    "notice-no-lead",
    _WARNING,
    "通知未标明牵头单位",
    "通知的任务都没有标明牵头单位，各单位按原文的“{roles}”记录。如某一单位实为牵头单位，请在输出文件中改正",
    topic=_TOPIC,
)
NOTICE_RULE_APPLIED = define_issue(
    "notice-rule-applied",
    _WARNING,
    "已按通知的统一规定补充单位",
    "通知规定“{rule}”，已把“{names}”作为{role}加到{count}项任务中（{tasks}）。请核对",
    topic=_TOPIC,
)
COLUMN_IGNORED = define_issue(
    "column-ignored",
    _WARNING,
    "分工表有与分工无关的列",
    "分工表的“{column}”列不表示任务分工，其内容没有计入任务。如该列实为单位，请把表头改为“责任单位”等",
    topic=_TOPIC,
)
TABLE_NOTE_KEPT = define_issue(
    "table-note-kept",
    _WARNING,
    "表格下方的注释未计入任务",
    "分工表下方的注释“{text}”已作为通知正文保留，没有计入任何任务。"
    "如它改变了某些任务的分工，请在输出文件中改正",
    topic=_TOPIC,
)
COLUMN_GUESSED = define_issue(
    "column-guessed",
    _WARNING,
    "分工表的列是推断的",
    "分工表的列“{column}”不在常用说法之中，已按“{role}”读取。如理解有误，请改正表头"
    "（按此列读取的任务：{tasks}）",
    topic=_TOPIC,
)
TABLE_HEADING_IMPLIED = define_issue(
    "table-heading-implied",
    _WARNING,
    "分工表没有表头，各列是按内容推断的",
    "从第{line}行起的表格没有表头，已按各栏的内容推断：第{column}栏每行都是单位名称，记为责任单位；"
    "序号后的一栏记为任务名称。请核对（按此读取的任务：{tasks}）",
    topic=_TOPIC,
)
TABLE_RUN_TOGETHER = define_issue(
    "table-run-together",
    _ERROR,
    "表格的各格连在了一起，没有读出任务",
    "第{start}行是一张表格，但各格的文字连在了一起、中间没有任何分隔（表头“{heading}”后紧接着第一行“{first}……”），"
    "分不出各行各格、也分不出一个个单位，没有读出任务。请直接读取原文件（Word、Excel、PDF），"
    "或重新复制表格，保留各格之间的分隔",
    topic=_TOPIC,
)
TABLE_UNITS_NOT_FOUND = define_issue(
    "table-units-not-found",
    _ERROR,
    "表格没有表头，也看不出哪一栏是单位",
    "从第{start}行起的表格没有表头，各栏中也看不出哪一栏是单位（没有一栏每行都是单位名称，或不止一栏是），"
    "其中{count}行没有读成任务：{rows}。请在表格前加上“序号、主要任务、牵头单位、责任单位”这样的表头后重新读取",
    topic=_TOPIC,
)
TASK_NUMBER_STYLE_CHANGED = define_issue(
    "task-number-style-changed",
    _WARNING,
    "任务编号的写法前后不一",
    "任务编号的写法变了：“{previous}”之后是“{found}”。"
    "请核对“{previous}”是一项任务还是一个标题，以及其间有没有任务在复制时丢失",
    topic=_TOPIC,
)
TASK_MERGED_SUSPECT = define_issue(
    "task-merged-suspect",
    _WARNING,
    "一项任务中有两组单位",
    "任务{label}中出现了两处{role}，可能有一项任务的编号没有认出来，两项任务被并在了一起。"
    "请核对该任务的原文和编号",
    topic=_TOPIC,
)
FILE_KIND_UNKNOWN = define_issue(
    "notice-kind-unknown",
    _ERROR,
    "不是能读取的通知文件",
    "这是{kind}，不是 gzgk 能读取的通知文件。能读取的有：文本（.txt）、Word（.docx、.doc、.wps、"
    ".rtf）、PDF、Excel（.xlsx、.xls、.et）以及 gzgk 自己的 .json、.toml",
    topic=_TOPIC,
)
FILE_ENCRYPTED = define_issue(
    "notice-encrypted",
    _ERROR,
    "文件有密码保护",
    "文件有密码保护，无法读取。请在 Word、WPS 或 Excel 中打开，去掉密码后另存一份再解析",
    topic=_TOPIC,
)
OFD_UNSUPPORTED = define_issue(
    "ofd-unsupported",
    _ERROR,
    "不能读取 OFD 版式文件",
    "这是 OFD 版式文件，gzgk 不能直接读取。请用 OFD 阅读器（如数科阅读器）另存为 PDF，"
    "或向发文单位索取 Word 版本",
    topic=_TOPIC,
)
DOCUMENT_UNREADABLE = define_issue(
    "document-unreadable", _ERROR, "文档无法读取", "{reason}", topic=_TOPIC
)
PDF_NO_TEXT = define_issue(
    "pdf-no-text", _ERROR, "PDF 没有文字层（扫描件）", "{reason}", topic=_TOPIC
)
CONVERTER_MISSING = define_issue(
    "converter-missing", _ERROR, "缺少 LibreOffice，无法转换旧版文件", "{reason}", topic=_TOPIC
)
CONVERSION_FAILED = define_issue(
    "conversion-failed", _ERROR, "旧版文件转换失败", "{reason}", topic=_TOPIC
)
FILE_DAMAGED = define_issue(
    "notice-damaged",
    _ERROR,
    "文件已损坏",
    "文件已损坏或不完整（Office 文件打不开）。请向发送单位重新索取，或在 Word、WPS、Excel "
    "中打开后另存一份再解析",
    topic=_TOPIC,
)
NOTICE_TOO_SLOW = define_issue(
    "notice-too-slow",
    _ERROR,
    "读取通知超时",
    "读取通知文件超过了 {seconds} 秒的时限，已中止。文件可能过于庞大（如页数很多的表格 PDF），"
    "或存放位置无法访问（如网络盘断开）。请复制到本机后重试，只导入通知本身（含附件的分工表），"
    "或放宽时限（gzgk parse --time-limit）",
    topic=_TOPIC,
)
NOTICE_MEMORY_EXCEEDED = define_issue(
    "notice-memory-exceeded",
    _ERROR,
    "读取通知所需内存过多",
    "读取通知文件需要的内存超过了上限（{detail}），已中止。文件可能过于庞大或被恶意构造。"
    "请只导入通知本身（含附件的分工表），或在 Word、WPS、Excel 中打开后另存一份再解析",
    topic=_TOPIC,
)
NOTICE_READER_CRASHED = define_issue(
    "notice-reader-crashed",
    _ERROR,
    "读取通知时程序崩溃",
    "读取通知文件时，读取程序异常退出（{detail}），文件可能已损坏或被恶意构造。"
    "请在 Word、WPS 或 Excel 中打开后另存一份再解析",
    topic=_TOPIC,
)
TASK_NO_NUMBER = define_issue(
    "task-no-number",
    _ERROR,
    "任务没有编号",
    "这一行有任务内容，但“编号”是空的，暂记为“{kept}”。请填上任务编号",
    topic=_TOPIC,
)
UNITS_LEFT_IN_TEXT = define_issue(
    "units-left-in-text",
    _WARNING,
    "任务的文字中还有单位分工",
    "任务{label}的文字中有一处单位分工没有读入：“{text}”。可能是另一项任务并进了这一项，"
    "或这一处写法没有读懂。请核对该任务的原文和单位",
    topic=_TOPIC,
)
UNITS_SHARE_ENDING = define_issue(
    "units-share-ending",
    _WARNING,
    "几个单位共用一个结尾或一个“各”，或由“及”连着，有两种读法",
    "任务{label}的{role}有两种读法：{readings}。"
    "请对照原文核对分工表中这项任务的{role}：按原意每个单位各占一项，"
    "如读法不对，请在输出的分工表中改正后再用",
    topic=_TOPIC,
)
UNIT_IN_TWO_ROLES = define_issue(
    "unit-in-two-roles",
    _WARNING,
    "同一单位在一项任务中有两种分工",
    "任务{label}中“{name}”既是{roles}。可能是两项任务的单位并在了一起，"
    "或标题写明的单位与任务自己的重复。请核对该任务的单位",
    topic=_TOPIC,
)
TASK_NUMBER_IN_TEXT = define_issue(
    "task-number-in-text",
    _WARNING,
    "任务的文字中有下一项任务的编号",
    "任务{label}的文字中有“{number}”开头的一段，却没有读出任务{number}：可能两项任务印在了一行，"
    "被读成了一项，单位也并在了一起。请核对这两项任务",
    topic=_TOPIC,
)
RULE_NOT_APPLIED = define_issue(
    "rule-not-applied",
    _WARNING,
    "通知的统一规定没有套用",
    "任务{label}的文字中有一条统一规定“{rule}”，gzgk 没有读懂，没有据此补充或调整单位。"
    "请按这条规定核对受它影响的任务（{tasks}）",
    topic=_TOPIC,
)
TASK_TEXT_REPEATED = define_issue(
    "task-text-repeated",
    _WARNING,
    "两项任务的文字相同",
    "任务{label}和任务{other}的文字完全相同：可能一项任务被读了两次，而它旁边的一项没有读出。"
    "请核对这两项任务和原文",
    topic=_TOPIC,
)
