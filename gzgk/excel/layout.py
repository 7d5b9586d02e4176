"""The workbook contract: every sheet name, label, column and style gzgk writes or reads.

No other module spells a sheet title, a header label or a cell address.
Generation, reading, validation and merging all take them from here, so a
change of layout is a change of this module (and, for the return workbook,
of :data:`TEMPLATE_VERSION`).
"""

from __future__ import annotations

from typing import Final

from attrs import frozen

from gzgk.model import Role, UnitKind

__all__ = [
    "ADDIN",
    "ANNOTATION",
    "CONTROL",
    "FONT",
    "MATRIX",
    "RETURN",
    "ROLE_COLOURS",
    "SUMMARY",
    "SUPPORTED_TEMPLATES",
    "TEMPLATE_VERSION",
    "AddinLayout",
    "AnnotationLayout",
    "Button",
    "ControlLayout",
    "EntryColumn",
    "HeaderField",
    "MatrixLayout",
    "Parameter",
    "Prompt",
    "ReturnLayout",
    "SummaryLayout",
    "sheet_title",
]

# The version of the return-workbook layout. Change it (and note it in
# CHANGELOG.md) whenever anything in ReturnLayout changes: workbooks already
# handed out outlive releases, and the validator must know what it reads.
TEMPLATE_VERSION: Final = "1"
# Older layouts the validator can still read.
SUPPORTED_TEMPLATES: Final = ("1",)

FONT: Final = "宋体"
# Fill colours for role marks: strong for lead, softer for the others.
ROLE_COLOURS: Final[dict[Role | None, str]] = {
    Role.LEAD: "#F4B183",
    Role.RESPONSIBLE: "#BDD7EE",
    Role.COOPERATING: "#C6E0B4",
    Role.INFORMED: "#EDEDED",
    None: "#D9D9D9",  # an unresolved group or unknown name
}
_FORBIDDEN = set("\\/?*[]:")
_TITLE_MAX = 31


def sheet_title(text: str) -> str:
    r"""A valid worksheet title: at most 31 characters, none of ``\/?*[]:``."""
    cleaned = "".join("_" if ch in _FORBIDDEN else ch for ch in text).strip("'")
    return cleaned[:_TITLE_MAX] or "Sheet"


class MatrixLayout:
    """The matrix workbook (``gzgk matrix NOTICE -o FILE.xlsx``)."""

    MATRIX_SHEET: Final = "分工矩阵"
    WORKLOAD_SHEET: Final = "单位任务量"
    TASKS_SHEET: Final = "任务清单"
    UNRESOLVED_SHEET: Final = "待明确事项"
    TITLE_SUFFIX: Final = "任务分工矩阵"
    LEGEND: Final = "牵＝牵头单位　责＝责任单位　配＝配合单位　？＝成员待明确的单位组或名录外名称"
    NUMBER: Final = "编号"
    TASK: Final = "主要任务"
    TOTAL: Final = "涉及任务数"
    UNRESOLVED_MARK: Final = "？"
    KIND_HEADINGS: Final[dict[UnitKind | None, str]] = {
        UnitKind.COUNTY: "县（市、区）",
        UnitKind.ZONE: "功能区",
        UnitKind.DEPARTMENT: "市政府部门",
        UnitKind.INSTITUTION: "直属单位",
        UnitKind.OTHER: "其他单位",
        None: "待明确",
    }
    WORKLOAD_HEADER: Final = ("单位", "类别", "牵头", "责任", "配合", "合计")
    TASKS_HEADER: Final = ("编号", "主要任务", "任务内容", "牵头单位", "责任单位", "配合单位")
    UNRESOLVED_HEADER: Final = ("编号", "主要任务", "职责", "名称", "说明")
    EMPTY_UNRESOLVED: Final = "所有单位名称均已明确。"
    # Column widths (Excel character units) and the first rows.
    NUMBER_WIDTH: Final = 6
    TASK_WIDTH: Final = 30
    UNIT_WIDTH: Final = 3.2
    KIND_ROW: Final = 2
    UNIT_ROW: Final = 3
    FIRST_TASK_ROW: Final = 4


MATRIX: Final = MatrixLayout()


@frozen
class EntryColumn:
    """One column of the task table of a return.

    Attributes:
        key: the field name in read data (``status``, ``progress`` …).
        label: the header label, exactly as written.
        letter: the column letter.
        width: column width in Excel units.
        entry: whether the unit fills it in (unlocked) or it is task text (locked).
    """

    key: str
    label: str
    letter: str
    width: float
    entry: bool


@frozen
class Prompt:
    """The input message and error message of a cell rule (titles ≤ 32, texts ≤ 255 chars)."""

    title: str
    message: str
    error: str


@frozen
class HeaderField:
    """A labelled cell of the header block (填报单位, 联系人 …)."""

    key: str
    label: str
    label_cell: str
    cell: str
    merge_to: str | None = None
    required: bool = False
    entry: bool = True


class ReturnLayout:
    """The return workbook (报送表): one per unit, filled in and sent back."""

    GUIDE_SHEET: Final = "填报说明"
    ENTRY_SHEET: Final = "落实情况"
    META_SHEET: Final = "_meta"
    TITLE_SUFFIX: Final = "落实情况报送表"
    TITLE_CELL: Final = "A1"
    TITLE_MERGE: Final = "A1:K1"
    NOTE_CELL: Final = "A2"
    NOTE_MERGE: Final = "A2:K2"
    HEADER_ROW: Final = 6  # 1-based row of the table header
    FIRST_ROW: Final = 7  # first task row
    HEADER_SCAN: Final = 20  # rows searched for a header moved by inserted rows
    COLUMNS: Final = (
        EntryColumn("seq", "序号", "A", 5, entry=False),
        EntryColumn("number", "任务编号", "B", 7, entry=False),
        EntryColumn("title", "主要任务", "C", 14, entry=False),
        EntryColumn("content", "任务内容", "D", 38, entry=False),
        EntryColumn("role", "本单位职责", "E", 7, entry=False),
        EntryColumn("lead", "牵头单位", "F", 13, entry=False),
        EntryColumn("status", "落实状态", "G", 9, entry=True),
        EntryColumn("progress", "落实情况", "H", 38, entry=True),
        EntryColumn("evidence", "佐证材料", "I", 16, entry=True),
        EntryColumn("problems", "存在问题", "J", 16, entry=True),
        EntryColumn("plans", "下步计划", "K", 16, entry=True),
    )
    FIELDS: Final = (
        HeaderField("unit", "填报单位", "A3", "B3", "D3", required=True, entry=False),
        HeaderField("contact", "联系人", "E3", "F3", required=True),
        HeaderField("phone", "联系电话", "G3", "H3", required=True),
        HeaderField("reviewer", "审核人", "I3", "J3", "K3"),
        HeaderField("date", "填报日期", "A4", "B4", "D4"),
    )
    PROGRESS_LABEL_CELL: Final = "E4"
    PROGRESS_LABEL: Final = "填报进度"
    PROGRESS_CELL: Final = "F4"
    PROGRESS_MERGE: Final = "F4:K4"
    COMPLETE: Final = "已填写完整"
    INCOMPLETE: Final = "尚有 {count} 项未填写"
    STATUSES: Final = ("已完成", "推进中", "未启动", "不涉及")
    STATUS_MEANINGS: Final = (
        ("已完成", "任务已全部落实，写明做了什么、取得什么成效。"),
        ("推进中", "已启动但尚未完成，写明进展、存在问题和下步计划。"),
        ("未启动", "尚未开展，写明原因和计划启动时间。"),
        ("不涉及", "本单位确无此项工作，“落实情况”可简要说明理由。"),
    )
    NOT_APPLICABLE: Final = "不涉及"
    GUIDE_STEPS: Final = (
        "1. 在“落实情况”工作表中，填写上方的联系人、联系电话、填报日期和审核人。",
        (
            "2. 逐项选择“落实状态”（点单元格右侧的下拉箭头），并填写“落实情况”；"
            "“不涉及”的任务可不填落实情况。佐证材料、存在问题、下步计划按实际填写。"
        ),
        (
            "3. 看表格上方的“填报进度”：粉色单元格是还没填的，橙色是填写不规范的；"
            "显示“已填写完整”即可报送。"
        ),
        (
            "4. 保存为 .xlsx 格式（WPS 用户请选择“Excel 文件(*.xlsx)”，"
            "不要存为 .et 或 .xls），文件名保留单位名称。"
        ),
        "5. 如需盖章，可直接打印（已设置为 A4 横向），盖章扫描后与本 Excel 文件一并报送。",
    )
    GUIDE_CAUTIONS: Final = (
        (
            "灰色单元格（任务编号、任务内容、本单位职责等）是通知原文，请勿修改；"
            "系统会核对，改动后需重新填报。"
        ),
        "请勿插入、删除行或工作表，请勿更改列标题。",
        "工作表保护只为防止误改，不设密码；可以调整行高列宽。",
        "落实情况请写明具体做法、成效和数据，不要只写“无”“略”“同上”。",
    )
    GUIDE_FACTS: Final = ("通知", "文号", "填报单位", "本表任务", "报送时限", "报送至", "联系电话")
    GUIDE_HEADINGS: Final = ("填报步骤", "注意事项", "落实状态")
    GUIDE_FOOTER: Final = "&C{unit}　第 &P 页，共 &N 页"
    UNKNOWN: Final = "见通知"
    DUE: Final = "{date:%Y年%m月%d日}前"
    NOTE_PARTS: Final = ("文号：{number}", "报送时限：{due}", "报送至：{office}", "（{email}）")
    NOTE_HINT: Final = "黄色单元格请填写，灰色单元格请勿修改。"
    ENTRY_FILL: Final = "FFFDE7"  # cells the unit fills in
    TASK_FILL: Final = "F2F2F2"  # task text and labels (locked)
    PROMPTS: Final = {
        "status": Prompt(
            "落实状态",
            "请从下拉列表中选择：已完成、推进中、未启动、不涉及",
            "只能选择：已完成、推进中、未启动、不涉及。请点右侧箭头选择。",
        ),
        "progress": Prompt(
            "落实情况",
            "写明具体做法、取得的成效和数据。不要只写“无”“略”“同上”。",
            "不超过 2000 字，较长的材料请作为佐证材料附上。",
        ),
        "text": Prompt("", "", "不超过 1000 字。"),
        "phone": Prompt(
            "联系电话",
            "固定电话请带区号，如 0797-8992059；或填手机号。",
            "电话号码看起来不完整，请核对。",
        ),
        "date": Prompt(
            "填报日期", "请填写日期，如 2024-07-01。", "请填写正确的日期，如 2024-07-01。"
        ),
    }
    DISTRIBUTION_FILE: Final = "分发清单.xlsx"
    DISTRIBUTION_SHEET: Final = "分发清单"
    DISTRIBUTION_HEADER: Final = (
        "序号", "单位", "类别", "文件名", "任务数", "牵头任务", "责任任务", "配合任务",
    )  # fmt: skip
    DISTRIBUTION_WIDTHS: Final = (6, 18, 10, 34, 8, 24, 30, 20)
    PROGRESS_MAX: Final = 2000  # characters allowed in 落实情况 (see PROMPTS)
    TEXT_MAX: Final = 1000  # characters allowed in the other entry columns (see PROMPTS)
    PASSWORD: Final = ""  # protection guards against slips, not people: no password
    # Hidden metadata: key/value rows, then one row per task.
    META_KEYS: Final = (
        "template_version",
        "notice_fingerprint",
        "notice_title",
        "notice_doc_number",
        "report_due",
        "unit_id",
        "unit_name",
        "key_id",
        "signature",
    )
    META_TASK_HEADER: Final = ("task_id", "seq", "number", "role", "fingerprint")
    META_TASK_ROW: Final = 12  # 1-based row of the task header in _meta
    PROPERTY_PREFIX: Final = "gzgk_"
    PROPERTY_KEYS: Final = ("template_version", "notice_fingerprint", "unit_id", "signature")
    FOOTER: Final = "&L{unit}&C第 &P 页，共 &N 页&R{title}"

    def column(self, key: str) -> EntryColumn:
        """The column of a field key."""
        for column in self.COLUMNS:
            if column.key == key:
                return column
        raise KeyError(key)

    def field(self, key: str) -> HeaderField:
        """The header-block field of a key."""
        for header_field in self.FIELDS:
            if header_field.key == key:
                return header_field
        raise KeyError(key)

    @property
    def labels(self) -> tuple[str, ...]:
        """The header labels of the task table, in order."""
        return tuple(column.label for column in self.COLUMNS)

    @property
    def last_letter(self) -> str:
        """The letter of the last column."""
        return self.COLUMNS[-1].letter


RETURN: Final = ReturnLayout()


class AnnotationLayout:
    """The problem sheet added to an annotated copy of a return (printed and sent back)."""

    SHEET: Final = "检查结果"
    SUFFIX: Final = "（检查意见）"
    HEADER: Final = ("级别", "位置", "问题", "代码")
    WIDTHS: Final = (6, 24, 72, 20)
    WHOLE_FILE: Final = "整个文件"
    PAGES: Final = "第 &P 页，共 &N 页"  # footer centre; the file name goes left
    ERROR_FILL: Final = "FFC7CE"
    WARNING_FILL: Final = "FFEB9C"
    HEADER_FILL: Final = "F2F2F2"


ANNOTATION: Final = AnnotationLayout()


class SummaryLayout:
    """The summary workbook (``gzgk merge``): every unit's return in one place."""

    TITLE_SUFFIX: Final = "落实情况汇总"
    OVERVIEW_SHEET: Final = "汇总说明"
    STATUS_SHEET: Final = "报送情况"
    MATRIX_SHEET: Final = "进度矩阵"
    DETAILS_SHEET: Final = "落实明细"
    COMPILATION_SHEET: Final = "按任务汇编"
    ISSUES_SHEET: Final = "问题清单"
    REMINDERS_SHEET: Final = "催报清单"
    FILES_SHEET: Final = "收到文件"
    # -- 汇总说明
    FACTS_HEADER: Final = ("项目", "内容")
    FACTS_WIDTHS: Final = (18, 70)
    UNIT_PROGRESS_HEADER: Final = (
        "单位", "已完成", "推进中", "未启动", "不涉及", "未填写", "未报送", "完成率",
    )  # fmt: skip
    UNIT_PROGRESS_WIDTHS: Final = (18, 7, 7, 7, 7, 7, 7, 8)
    CHART_TITLE: Final = "各单位任务落实进度"
    CHART_AXIS: Final = "任务数"
    # -- 报送情况
    STATUS_HEADER: Final = (
        "序号", "单位", "类别", "报送情况", "是否按时", "是否合格", "错误", "提醒",
        "填报日期", "联系人", "联系电话", "来源文件", "说明",
    )  # fmt: skip
    STATUS_WIDTHS: Final = (5, 16, 10, 9, 9, 8, 5, 5, 11, 9, 14, 30, 40)
    # -- 进度矩阵
    MATRIX_FIXED: Final = ("编号", "主要任务")
    MATRIX_FIXED_WIDTHS: Final = (6, 26)
    MATRIX_UNIT_WIDTH: Final = 6.5
    MATRIX_TOTALS: Final = ("涉及单位", "已报送", "已完成", "完成率")
    MATRIX_TOTAL_WIDTH: Final = 7
    MATRIX_STATE_ROW: Final = "报送情况"
    MATRIX_DONE_ROW: Final = "已完成/应落实"
    MATRIX_RATE_ROW: Final = "完成率"
    MATRIX_LEGEND: Final = (
        "单元格为各单位填报的落实状态。灰色：该单位无此任务；空白：尚未报送；"
        "粉色：已报送但未按要求填写落实状态。完成率＝已完成÷（应落实单位数－不涉及）。"
    )
    MATRIX_UNITS_PER_PAGE: Final = 24
    # -- 落实明细
    DETAILS_HEADER: Final = (
        "单位", "类别", "任务编号", "主要任务", "本单位职责", "落实状态", "落实情况",
        "佐证材料", "存在问题", "下步计划", "填报日期", "联系人", "联系电话", "是否合格",
        "来源文件", "SHA-256",
    )  # fmt: skip
    DETAILS_WIDTHS: Final = (14, 9, 7, 18, 7, 8, 50, 18, 18, 18, 11, 9, 14, 8, 26, 20)
    # -- 按任务汇编
    COMPILATION_HEADER: Final = ("职责", "单位", "落实状态", "落实情况", "存在问题", "下步计划")
    COMPILATION_WIDTHS: Final = (6, 14, 8, 60, 20, 20)
    # -- 问题清单
    ISSUES_HEADER: Final = (
        "序号", "文件", "位置", "单位", "任务", "级别", "代码", "问题说明", "文件状态",
    )  # fmt: skip
    ISSUES_WIDTHS: Final = (6, 28, 24, 12, 7, 6, 20, 60, 10)
    # -- 催报清单
    REMINDERS_HEADER: Final = (
        "序号", "单位", "类别", "情况", "需补报或修改的内容", "联系人", "联系电话", "来源文件",
    )  # fmt: skip
    REMINDERS_WIDTHS: Final = (5, 16, 10, 20, 60, 9, 15, 28)
    # -- 收到文件
    FILES_HEADER: Final = (
        "序号", "文件", "单位", "采用情况", "填报日期", "文件时间", "错误", "提醒", "大小（字节）",
        "SHA-256",
    )  # fmt: skip
    FILES_WIDTHS: Final = (6, 36, 14, 28, 11, 17, 5, 5, 11, 66)
    # -- words
    RECEIVED: Final = "已报送"
    NOT_RECEIVED: Final = "未报送"
    VALID: Final = "合格"
    INVALID: Final = "不合格"
    NONE: Final = "—"
    USED: Final = "采用"
    SUPERSEDED: Final = "已被较新的报送替代"
    UNPLACED: Final = "无法采用"
    UNFILLED: Final = "（未填）"
    ROW_MISSING: Final = "（缺此任务行）"
    NOT_SENT: Final = "（未报送）"
    OPEN_GROUP: Final = "（成员待明确，未发报送表）"
    UNEXPECTED: Final = "本通知未给该单位分配任务"
    MAX_ROW_POINTS: Final = 409  # Excel's tallest row
    CELL_CHARACTERS: Final = 32767  # Excel's longest cell text
    CUT_NOTE: Final = "……（超过单元格上限，余下内容见来源文件）"
    STATE_COLOURS: Final = {
        "done": "#C6EFCE",
        "in-progress": "#FFEB9C",
        "not-started": "#F8CBAD",
        "not-applicable": "#DDEBF7",
        "unfilled": "#FFC7CE",
        "row-missing": "#FFC7CE",
        "other": "#FFC7CE",
        "no-role": "#D9D9D9",
        "not-received": "#FFFFFF",
    }
    FOOTER: Final = "&L{title}&C第 &P 页，共 &N 页&R{sheet}"


SUMMARY: Final = SummaryLayout()


@frozen
class Parameter:
    """One labelled parameter cell of the control sheet.

    Attributes:
        key: the name macros read it by.
        label: the label in column A.
        note: the help text in column C.
        kind: ``text``, ``folder``, ``file``, ``notice`` (drop-down of bundled
            notices, any path allowed) or ``date``.
        required_by: the macros that cannot run without it.
    """

    key: str
    label: str
    note: str
    kind: str = "text"
    required_by: tuple[str, ...] = ()


class ControlLayout:
    """The control workbook (控制台): parameters, group members, and the log of every run."""

    CONTROL_SHEET: Final = "控制台"
    GROUPS_SHEET: Final = "单位组成员"
    LOG_SHEET: Final = "日志"
    LISTS_SHEET: Final = "_lists"
    TITLE: Final = "政务公开任务分工：控制台"
    HINT: Final = (
        "在黄色单元格中填写参数，然后点 Excel“政务公开”选项卡上的按钮（或本表的按钮）。"
        "WPS 或麒麟/统信电脑：保存本文件后运行  gzgk excel run 操作名 本文件.xlsx"
    )
    HEADER_ROW: Final = 4  # 1-based: 项目 | 内容 | 说明
    HEADER: Final = ("项目", "内容", "说明")
    WIDTHS: Final = (18, 48, 70)
    FIRST_ROW: Final = 5  # the first parameter
    PARAMETERS: Final = (
        Parameter(
            "notice",
            "通知",
            "通知文件的完整路径（.txt/.xlsx/.json/.toml），或从下拉列表选内置通知名",
            "notice",
            ("generate_returns", "validate_folder", "merge_returns", "remind"),
        ),
        Parameter(
            "returns_folder",
            "报送表输出文件夹",
            "“生成报送表”把每个单位的报送表写到这里",
            "folder",
            ("generate_returns",),
        ),
        Parameter(
            "received_folder",
            "报回文件夹",
            "各单位报回的报送表所在文件夹（含子文件夹）",
            "folder",
            ("validate_folder", "merge_returns", "remind"),
        ),
        Parameter(
            "summary_file",
            "汇总表文件",
            "“汇总报送”写出的汇总工作簿，如 D:\\政务公开\\汇总表.xlsx",
            "file",
            ("merge_returns",),
        ),
        Parameter("docx_file", "Word 汇编稿", "可选：同时写出按任务汇编的 Word 文档", "file"),
        Parameter(
            "key_file",
            "签名密钥文件",
            "可选：生成和核对报送表时用的签名密钥（gzgk keygen）",
            "file",
        ),
        Parameter(
            "as_of", "统计截止日期", "可选：判断是否逾期的日期，如 2024-07-10；空着为今天", "date"
        ),
        Parameter(
            "registry_file",
            "单位名录",
            "可选：本单位自己的单位名录（TOML）；空着用内置名录",
            "file",
        ),
    )
    GROUPS_HEADER: Final = ("任务编号", "主要任务", "单位组", "成员单位")
    GROUPS_WIDTHS: Final = (10, 36, 20, 24)
    GROUPS_HINT: Final = (
        "通知中“市政府有关部门”等需要逐项明确的单位组：每行填一个成员单位（从下拉列表选），"
        "一个任务有几个成员就填几行（可复制行）。“生成报送表”按这里的成员生成。"
    )
    GROUPS_FIRST_ROW: Final = 3  # 1-based; the header is the row above
    GROUPS_EMPTY_ROWS: Final = 5  # blank rows offered under each open group
    LOG_HEADER: Final = ("时间", "操作", "结果", "说明")
    LOG_WIDTHS: Final = (19, 14, 10, 90)
    OK: Final = "完成"
    PROBLEM: Final = "有问题"
    FAILED: Final = "出错"
    UNITS_NAME: Final = "gzgk_units"  # defined name of the registered units' list
    NOTICES_NAME: Final = "gzgk_notices"  # defined name of the bundled notices' list

    def parameter(self, key: str) -> Parameter:
        """The parameter of a key."""
        for parameter in self.PARAMETERS:
            if parameter.key == key:
                return parameter
        raise KeyError(key)

    def cell(self, key: str) -> str:
        """The address of a parameter's value cell (column B)."""
        return f"B{self.FIRST_ROW + [p.key for p in self.PARAMETERS].index(key)}"


CONTROL: Final = ControlLayout()


@frozen
class Button:
    """One button of the add-in's ribbon tab (and of the .xlsm control sheet).

    Attributes:
        macro: the registered Python macro it runs (``gzgk.excel.macros.MACROS``).
        sub: the VBA sub that runs it (ASCII); the ribbon calls ``Ribbon<sub>``.
        label: the button's Chinese caption.
        image: a built-in Office icon (imageMso).
        tip: the screen tip.
    """

    macro: str
    sub: str
    label: str
    image: str
    tip: str


class AddinLayout:
    """The Excel add-in (gzgk.xlam): ribbon tab, buttons, VBA module and xlwings settings."""

    PROJECT_NAME: Final = "gzgk"  # xlwings: the config file gzgk.conf and the add-in's name
    TAB_ID: Final = "gzgkTab"
    TAB_LABEL: Final = "政务公开"
    GROUP_LABELS: Final = ("报送表", "汇总", "工具")
    MODULE: Final = "gzgk"  # the VBA module holding one sub per button
    RIBBON_PREFIX: Final = "Ribbon"
    # What RunPython runs. Single quotes only: on Windows xlwings passes it to python -c
    # through cmd.exe, where a double quote would end the argument.
    ENTRY: Final = "import gzgk.excel.macros as m; m.run('{macro}')"
    BUTTONS: Final = (
        Button("generate_returns", "GenerateReturns", "生成报送表", "TableInsert",
               "按控制台的通知为每个单位生成报送表"),
        Button("validate_current", "ValidateCurrent", "校验当前工作簿", "AcceptInvitation",
               "核对当前打开的报送表（不必先保存），在表中标出问题单元格"),
        Button("validate_folder", "ValidateFolder", "校验文件夹", "ReviewAcceptChange",
               "核对报回文件夹中的全部报送表"),
        Button("merge_returns", "MergeReturns", "汇总报送", "ConsolidateMenu",
               "把报回的报送表汇总成汇总表（可另出 Word 汇编稿）"),
        Button("remind", "Remind", "催报清单", "CalendarToolsGoToToday",
               "列出未报、逾期和不合格的单位"),
        Button("check_environment", "CheckEnvironment", "环境检查", "Help",
               "检查 Python、gzgk、xlwings 和配置，说明需要怎样处理"),
    )  # fmt: skip
    BUTTON_GROUPS: Final = (
        ("generate_returns", "validate_current", "validate_folder"),
        ("merge_returns", "remind"),
        ("check_environment",),
    )


ADDIN: Final = AddinLayout()
