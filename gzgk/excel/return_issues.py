"""What can be wrong with a returned workbook: issue types of the topic ``return``.

Every message says, in plain Chinese, what is wrong and what to do. Codes are
stable: scripts and the summary workbook rely on them.
"""

from __future__ import annotations

from gzgk.contract import RETURN
from gzgk.report import Severity, define_issue

__all__ = [
    "DATE_AFTER_DEADLINE",
    "DATE_INVALID",
    "FILE_ENCRYPTED",
    "FILE_LEGACY_XLS",
    "FILE_MACRO_ENABLED",
    "FILE_MEMORY_EXCEEDED",
    "FILE_NOT_XLSX",
    "FILE_READER_CRASHED",
    "FILE_TOO_BIG",
    "FILE_TOO_MANY_CELLS",
    "FILE_TOO_SLOW",
    "FILE_UNREADABLE",
    "FILE_ZIP_BOMB",
    "FORMULA_IN_ENTRY",
    "HEADER_CHANGED",
    "METADATA_MISMATCH",
    "METADATA_MISSING",
    "MISSING_VALUE",
    "NEWS_BUT_UNCHANGED",
    "NOT_A_RETURN",
    "OTHER_NOTICE",
    "OTHER_ROUND",
    "PATH_NOT_READ",
    "PHONE_MALFORMED",
    "PLACEHOLDER_TEXT",
    "PROGRESS_HINT",
    "PROTECTION_REMOVED",
    "SHEET_MISSING",
    "SIGNATURE_INVALID",
    "SIGNATURE_MISSING",
    "TASK_EDITED",
    "TASK_ROW_ADDED",
    "TASK_ROW_DUPLICATED",
    "TASK_ROW_MISSING",
    "TEMPLATE_OUTDATED",
    "TEXT_TOO_SHORT",
    "UNIT_MISMATCH",
    "VALIDATION_REMOVED",
    "VALUE_NOT_IN_LIST",
]

_E = Severity.ERROR
_W = Severity.WARNING
_T = "return"
_RESEND = "请重新填写下发的报送表，或联系市政府办公室"
_STATUS = RETURN.label("status")
_PROGRESS = RETURN.label("progress")
# What to write in 落实情况, or when to choose 不涉及 instead.
PROGRESS_HINT = (
    "请写明具体做法、成效和数据；如本单位确不涉及此项任务，"
    f"请将{_STATUS}选为“{RETURN.NOT_APPLICABLE}”"
)

# -- the file ---------------------------------------------------------------
FILE_UNREADABLE = define_issue(
    "file-unreadable",
    _E,
    "文件无法读取",
    "文件无法读取：{reason}。请确认文件完整、未被占用后重新发送",
    topic=_T,
)
PATH_NOT_READ = define_issue(
    "path-not-read",
    _W,
    "未读取的路径",
    "未读取：{reason}",
    topic=_T,
)
FILE_NOT_XLSX = define_issue(
    "file-not-xlsx",
    _E,
    "不是 Excel 工作簿",
    "这不是 .xlsx 工作簿（{what}）。请用 Excel 或 WPS 打开下发的报送表填写后，保存为 .xlsx 再发送",
    topic=_T,
)
FILE_LEGACY_XLS = define_issue(
    "file-legacy-xls",
    _E,
    "旧版 .xls 格式",
    "这是旧版 Excel（.xls）文件，无法核对。"
    "请在 Excel 或 WPS 中“另存为”Excel 工作簿（*.xlsx）后重新发送",
    topic=_T,
)
FILE_MACRO_ENABLED = define_issue(
    "file-macro-enabled",
    _E,
    "含有宏",
    "工作簿含有宏（VBA），出于安全不予接收。请“另存为”Excel 工作簿（*.xlsx，不含宏）后重新发送",
    topic=_T,
)
FILE_ENCRYPTED = define_issue(
    "file-encrypted",
    _E,
    "设置了打开密码",
    "工作簿设置了打开密码，无法核对。"
    "请取消密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）后重新发送",
    topic=_T,
)
FILE_TOO_BIG = define_issue(
    "file-too-large",
    _E,
    "文件过大",
    "文件过大（{size}，上限 {limit}）。"
    "报送表不应包含图片或大量附件，请删除后重新保存；佐证材料请另行报送",
    topic=_T,
)
FILE_ZIP_BOMB = define_issue(
    "file-zip-bomb",
    _E,
    "文件内容异常膨胀",
    "文件解压后异常庞大（{detail}），可能已损坏或被恶意构造，未予打开。请重新保存后发送",
    topic=_T,
)
FILE_TOO_MANY_CELLS = define_issue(
    "file-too-many-cells",
    _E,
    "单元格过多",
    "“{sheet_name}”工作表使用了 {cells} 个单元格（上限 {limit}），远超报送表应有的大小。"
    "请删除多余内容后重新保存",
    topic=_T,
)
FILE_TOO_SLOW = define_issue(
    "file-too-slow",
    _E,
    "读取超时",
    "读取该文件超过了 {seconds} 秒的时限，已中止，未完成核对。"
    "可能是文件过于复杂或存放位置无法访问（如网络盘断开）。请复制到本机、重新保存后再试",
    topic=_T,
)
FILE_READER_CRASHED = define_issue(
    "file-reader-crashed",
    _E,
    "读取时程序崩溃",
    "读取该文件时，读取程序异常退出（{detail}），文件可能已损坏或被恶意构造；"
    "其他文件不受影响。请用 Excel 或 WPS 打开并另存为 .xlsx 后重新发送",
    topic=_T,
)
FILE_MEMORY_EXCEEDED = define_issue(
    "file-memory-exceeded",
    _E,
    "读取所需内存过多",
    "读取该文件需要的内存超过了上限（{detail}），已中止，未完成核对；其他文件不受影响。"
    "文件可能过于庞大或被恶意构造。请用 Excel 或 WPS 打开，删除多余内容后另存为 .xlsx 再发送",
    topic=_T,
)
# -- what the file is -------------------------------------------------------
NOT_A_RETURN = define_issue(
    "not-a-return",
    _E,
    "不是 gzgk 报送表",
    f"这个工作簿不是 gzgk 下发的报送表（没有“{RETURN.ENTRY_SHEET}”工作表，也没有报送表的标记）。"
    "请使用下发的报送表填写",
    topic=_T,
)
OTHER_NOTICE = define_issue(
    "other-notice",
    _E,
    "属于另一份通知",
    "这份报送表属于另一份通知（“{title}”），不是本次通知的报送表。请使用本次下发的报送表",
    topic=_T,
)
OTHER_ROUND = define_issue(
    "other-round",
    _E,
    "属于另一期",
    "这份报送表是{found}的，不是本期（“{expected}”）的报送表，没有汇总。请使用本期下发的报送表填写",
    topic=_T,
)
TEMPLATE_OUTDATED = define_issue(
    "template-outdated",
    _E,
    "报送表版本过旧",
    "报送表格式版本为“{found}”，本程序只能核对版本 {supported}。" + _RESEND,
    topic=_T,
)
METADATA_MISSING = define_issue(
    "metadata-missing",
    _W,
    "报送表标记缺失",
    "报送表的隐藏标记（{what}）缺失，可能是把内容复制到了新文件。"
    "{consequence}今后请直接在下发的文件中填写",
    topic=_T,
)
METADATA_MISMATCH = define_issue(
    "metadata-mismatch",
    _E,
    "报送表标记互相矛盾",
    "报送表的隐藏标记互相矛盾：{what}在工作表中为“{sheet_value}”，在文件属性中为“{property_value}”。"
    ""
    "文件可能被改动过。" + _RESEND,
    topic=_T,
)
SIGNATURE_MISSING = define_issue(
    "signature-missing",
    _E,
    "没有签名",
    "报送表没有签名，无法确认是本次下发的原件。" + _RESEND,
    topic=_T,
)
SIGNATURE_INVALID = define_issue(
    "signature-invalid",
    _E,
    "签名无效",
    "报送表的签名无效：{reason}。报送表的单位或任务信息可能被改动过。" + _RESEND,
    topic=_T,
)
UNIT_MISMATCH = define_issue(
    "unit-mismatch",
    _E,
    "单位不一致",
    "单位不一致：{detail}。请确认发送的是本单位的报送表",
    topic=_T,
)
# -- the sheet --------------------------------------------------------------
SHEET_MISSING = define_issue(
    "sheet-missing",
    _E,
    "缺少工作表",
    "缺少“{sheet_name}”工作表（可能被删除或改名）。" + _RESEND,
    topic=_T,
)
HEADER_CHANGED = define_issue(
    "header-changed",
    _E,
    "表头被改动",
    "表头被改动：第 {column} 列应为“{expected}”，现为“{found}”。"
    "请恢复原表头，不要插入、删除或改名列",
    topic=_T,
)
PROTECTION_REMOVED = define_issue(
    "protection-removed",
    _W,
    "工作表保护已取消",
    "“{sheet_name}”工作表的保护已被取消。这本身不影响报送，但请注意不要改动灰色单元格",
    topic=_T,
)
VALIDATION_REMOVED = define_issue(
    "validation-removed",
    _W,
    "下拉列表已被删除",
    f"“{_STATUS}”列的下拉列表已被删除（可能是粘贴覆盖了单元格）。请只从下拉列表中选择：{{choices}}",
    topic=_T,
)
# -- task rows --------------------------------------------------------------
TASK_ROW_MISSING = define_issue(
    "task-row-missing",
    _E,
    "缺少任务行",
    "缺少任务{label}（{title}）这一行，可能被删除了。" + _RESEND,
    topic=_T,
)
TASK_ROW_ADDED = define_issue(
    "task-row-added",
    _E,
    "多出任务行",
    f"第 {{row}} 行不是下发的任务（{RETURN.label('number')}为“{{number}}”）。"
    f"请删除自行添加的行，补充说明可写在“{_PROGRESS}”中",
    topic=_T,
)
TASK_ROW_DUPLICATED = define_issue(
    "task-row-duplicated",
    _E,
    "任务行重复",
    "任务{label}出现了不止一次（第 {rows} 行）。请只保留一行",
    topic=_T,
)
TASK_EDITED = define_issue(
    "task-edited",
    _E,
    "任务内容被改动",
    "任务{label}的“{column}”与下发时不一致{detail}。灰色单元格是通知原文，请恢复原内容，不要修改",
    topic=_T,
)
# -- entries ----------------------------------------------------------------
MISSING_VALUE = define_issue(
    "missing-value",
    _E,
    "必填项未填写",
    "“{field}”未填写。{hint}",
    topic=_T,
)
VALUE_NOT_IN_LIST = define_issue(
    "value-not-in-list",
    _E,
    "不在可选范围内",
    "“{field}”填的是“{value}”，只能选择：{choices}。请从下拉列表中选择",
    topic=_T,
)
PLACEHOLDER_TEXT = define_issue(
    "placeholder-text",
    _E,
    f"{_PROGRESS}没有实际内容",
    f"“{_PROGRESS}”只写了“{{value}}”，没有说明落实情况。" + PROGRESS_HINT,
    topic=_T,
)
TEXT_TOO_SHORT = define_issue(
    "text-too-short",
    _W,
    f"{_PROGRESS}过于简单",
    f"“{_PROGRESS}”只有 {{length}} 个字（“{{value}}”），难以说明落实情况。"
    "请补充具体做法、成效和数据",
    topic=_T,
)
FORMULA_IN_ENTRY = define_issue(
    "formula-in-entry",
    _W,
    "填写内容像公式",
    "“{field}”中是公式或以公式符号开头的内容（“{value}”）。汇总时只作为文字，不会执行；"
    "如非有意，请改为文字",
    topic=_T,
)
NEWS_BUT_UNCHANGED = define_issue(
    "news-but-unchanged",
    _W,
    "选了有新进展但内容未改",
    "“本期是否有新进展”选了“是”，但落实状态和落实情况与上期报送的相同。"
    "请写明本期的新进展；确无新进展的请选“否”",
    topic=_T,
)
PHONE_MALFORMED = define_issue(
    "phone-malformed",
    _W,
    "电话号码格式不对",
    f"{RETURN.label('phone')}“{{value}}”格式不对。"
    "固定电话请带区号（如 0797-8992059），或填写 11 位手机号",
    topic=_T,
)
DATE_INVALID = define_issue(
    "date-invalid",
    _W,
    "日期无法识别",
    f"{RETURN.label('date')}“{{value}}”无法识别。请填写如 2024-07-01 的日期",
    topic=_T,
)
DATE_AFTER_DEADLINE = define_issue(
    "date-after-deadline",
    _W,
    "晚于报送时限",
    f"{RETURN.label('date')} {{date}} 晚于报送时限 {{due}}。如属实请在报送时说明原因",
    topic=_T,
)
