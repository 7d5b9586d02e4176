"""The workbook contract: every sheet name, label, column, cell and metadata key gzgk uses.

No other module spells a sheet title, a header label or a cell address.
Generation, reading, validation and merging all take them from here, so a
change of layout is a change of this module (and, for the return workbook,
of :data:`TEMPLATE_VERSION`).

Columns are addressed one way: a :class:`Column` has a 0-based ``index`` (its
position in its table) and computes its letter; a :class:`Span` is a run of
cells along one row, its row 1-based as Excel numbers rows and its columns
0-based like :attr:`Column.index`. Pure: no workbook library is imported, so the
core (:mod:`gzgk.returns`, :mod:`gzgk.summary`) reads the contract too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol, TypeVar

from attrs import frozen
from rich.cells import cell_len

from gzgk.model import Role, UnitKind

__all__ = [
    "ADDIN",
    "ANNOTATION",
    "COMPARISON",
    "CONTROL",
    "FONT",
    "MATRIX",
    "NOTICE_BOOK",
    "NOTICE_FILES",
    "PAGES",
    "PRINT",
    "RETURN",
    "ROLE_COLOURS",
    "SUMMARY",
    "SUPPORTED_TEMPLATES",
    "TABLE",
    "TEMPLATE_VERSION",
    "AddinLayout",
    "AnnotationLayout",
    "Button",
    "Column",
    "ComparisonLayout",
    "ControlLayout",
    "HeaderField",
    "MatrixLayout",
    "NoticeBookLayout",
    "Parameter",
    "PrintLayout",
    "Prompt",
    "ReturnLayout",
    "Span",
    "SummaryLayout",
    "TableLayout",
    "column_letter",
    "sheet_title",
]

# The version of the return-workbook layout. Change it (and note it in
# CHANGELOG.md) whenever anything in ReturnLayout changes: workbooks already
# handed out outlive releases, and the validator must know what it reads.
TEMPLATE_VERSION: Final = "2"
# Older layouts the validator can still read.
SUPPORTED_TEMPLATES: Final = ("1", "2")

FONT: Final = "宋体"
PAGES: Final = "第 &P 页，共 &N 页"  # page numbers, in every footer gzgk writes
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
    TASK_WIDTH: Final = 20
    UNIT_WIDTH: Final = 3.2
    TITLE_SIZE: Final = 14.0
    WORKLOAD_WIDTHS: Final = (26, 12, 8, 8, 8, 8)
    TASKS_WIDTHS: Final = (6, 16, 50, 22, 22, 16)
    UNRESOLVED_WIDTHS: Final = (6, 20, 8, 18, 60)
    KIND_ROW: Final = 2
    UNIT_ROW: Final = 3
    FIRST_TASK_ROW: Final = 4


MATRIX: Final = MatrixLayout()


@functools.lru_cache(maxsize=1024)  # every cell address read or written asks for one
def column_letter(index: int) -> str:
    """The letter of a 0-based column index: ``0`` → ``A``, ``26`` → ``AA``."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@frozen
class Column:
    """One column of a table.

    Attributes:
        key: the field name in read data (``status``, ``progress`` …).
        label: the header label, exactly as written.
        index: the 0-based position in its table; the letter is computed from it.
        width: column width in Excel units.
        entry: whether the unit fills it in (unlocked) or it is task text (locked).
        centred: whether its values are centred (short codes rather than text).
        limit: the most characters an entry may hold (None: no length rule).
    """

    key: str
    label: str
    index: int
    width: float
    entry: bool = False
    centred: bool = False
    limit: int | None = None

    @property
    def letter(self) -> str:
        """The column letter."""
        return column_letter(self.index)

    def cell(self, row: int) -> str:
        """The address of the column's cell in a 1-based row: ``G7``."""
        return f"{self.letter}{row}"

    def cells(self, first_row: int, last_row: int) -> str:
        """The range of the column over 1-based rows: ``G7:G18``."""
        return f"{self.cell(first_row)}:{self.cell(last_row)}"


def _table(*columns: Column) -> tuple[Column, ...]:
    """The columns of a table, checked to be declared in the order of their indexes."""
    indexes = [column.index for column in columns]
    if indexes != list(range(len(columns))):
        raise ValueError(f"columns must be declared in index order 0, 1, … (got {indexes})")
    return columns


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_Item = TypeVar("_Item", bound=_Keyed)


def _find(items: Iterable[_Item], key: str) -> _Item:
    """The item of a key (a column, a field, a parameter)."""
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)


@frozen
class Span:
    """A run of cells along one row (a single cell when ``last`` is None).

    Attributes:
        row: the 1-based row, as Excel numbers rows.
        column: the 0-based first column, as :attr:`Column.index`.
        last: the 0-based last column of a merged run.
    """

    row: int
    column: int
    last: int | None = None

    @property
    def cell(self) -> str:
        """The address of the first cell: ``F4``."""
        return f"{column_letter(self.column)}{self.row}"

    @property
    def merged(self) -> bool:
        """Whether the span is several cells merged into one."""
        return self.last is not None and self.last != self.column

    @property
    def ref(self) -> str:
        """The range the span covers: ``F4:K4`` (or ``F4`` for one cell)."""
        if self.last is None or not self.merged:
            return self.cell
        return f"{self.cell}:{column_letter(self.last)}{self.row}"


@frozen
class Prompt:
    """The input message and error message of a cell rule (titles ≤ 32, texts ≤ 255 chars)."""

    title: str
    message: str
    error: str


@frozen
class HeaderField:
    """A labelled cell of the header block (填报单位, 联系人 …).

    Attributes:
        key: the field name in read data.
        label: the label, exactly as written.
        label_at: where the label is.
        at: where the value is (merged when it spans columns).
        required: whether the unit must fill it in.
        entry: whether the unit fills it in (unlocked) or gzgk writes it (locked).
        kind: ``text`` or ``date``.
    """

    key: str
    label: str
    label_at: Span
    at: Span
    required: bool = False
    entry: bool = True
    kind: str = "text"

    @property
    def label_cell(self) -> str:
        """The address of the label."""
        return self.label_at.cell

    @property
    def cell(self) -> str:
        """The address of the value (the first cell of a merged span)."""
        return self.at.cell


_PREVIOUS_KEYS = ("status", "progress", "evidence", "problems", "plans")


def _previous_columns(table: tuple[Column, ...]) -> tuple[Column, ...]:
    """Hidden columns for last round's entries, from the second column after ``table``."""
    return tuple(
        Column(f"previous:{column.key}", f"上期{column.label}", len(table) + 1 + offset, 20)
        for offset, column in enumerate(c for c in table if c.key in _PREVIOUS_KEYS)
    )


class ReturnLayout:
    """The return workbook (报送表): one per unit, filled in and sent back."""

    GUIDE_SHEET: Final = "填报说明"
    ENTRY_SHEET: Final = "落实情况"
    META_SHEET: Final = "_meta"
    TITLE_SUFFIX: Final = "落实情况报送表"
    HEADER_ROW: Final = 6  # 1-based row of the table header
    FIRST_ROW: Final = 7  # first task row
    HEADER_SCAN: Final = 20  # rows searched for a header moved by inserted rows
    PROGRESS_MAX: Final = 2000  # characters allowed in 落实情况
    TEXT_MAX: Final = 1000  # characters allowed in the other text entries
    # Widths fit A4 landscape at PRINT.MIN_SCALE or larger (a test prints them).
    COLUMNS: Final = _table(
        Column("seq", "序号", 0, 5, centred=True),
        Column("number", "任务编号", 1, 6, centred=True),
        Column("title", "主要任务", 2, 10),
        Column("content", "任务内容", 3, 26),
        Column("role", "本单位职责", 4, 5, centred=True),
        Column("lead", "牵头单位", 5, 10),
        Column("status", "落实状态", 6, 7, entry=True),
        Column("progress", "落实情况", 7, 28, entry=True, limit=PROGRESS_MAX),
        Column("evidence", "佐证材料", 8, 11, entry=True, limit=TEXT_MAX),
        Column("problems", "存在问题", 9, 10, entry=True, limit=TEXT_MAX),
        Column("plans", "下步计划", 10, 10, entry=True, limit=TEXT_MAX),
    )
    # A return of a round that carries last round's answers: last round's status beside
    # the new one, and 本期是否有新进展 (required). Last round's entries sit in hidden
    # columns after the table, so the cells they were copied into look different
    # (PREVIOUS_FILL) until the unit changes them.
    # 落实状态 is as wide as the 联系电话 above it must be (the header block's cells sit in
    # the table's columns): a phone number prints on one line.
    ROUND_COLUMNS: Final = _table(
        Column("seq", "序号", 0, 5, centred=True),
        Column("number", "任务编号", 1, 6, centred=True),
        Column("title", "主要任务", 2, 8),
        Column("content", "任务内容", 3, 22),
        Column("role", "本单位职责", 4, 5, centred=True),
        Column("lead", "牵头单位", 5, 9),
        Column("previous_status", "上期状态", 6, 7, centred=True),
        Column("status", "落实状态", 7, 14.5, entry=True),
        Column("news", "本期是否有新进展", 8, 7, entry=True, centred=True),
        Column("progress", "落实情况", 9, 22.5, entry=True, limit=PROGRESS_MAX),
        Column("evidence", "佐证材料", 10, 7, entry=True, limit=TEXT_MAX),
        Column("problems", "存在问题", 11, 7, entry=True, limit=TEXT_MAX),
        Column("plans", "下步计划", 12, 7, entry=True, limit=TEXT_MAX),
    )
    # Hidden columns of last round's entries, from the second column after the table.
    PREVIOUS_COLUMNS: Final = _previous_columns(ROUND_COLUMNS)
    NEWS: Final = ("是", "否")
    PREVIOUS_FILL: Final = "DDEBF7"  # an entry cell still holding last round's answer
    PREVIOUS_FONT: Final = "1F4E79"
    PREVIOUS_NOTE: Final = (
        "蓝色斜体为上期报送的内容，请逐项更新；确无新进展的，在“本期是否有新进展”中选“否”。"
    )
    TITLE_SIZE: Final = 16.0  # the title row of the entry sheet
    GUIDE_TITLE_SIZE: Final = 14.0
    GUIDE_SIZE: Final = 11.0  # the guide's text
    GUIDE_WIDTHS: Final = (14, 78)  # A4 portrait
    # The task text in its locked cells, in the order of gzgk.returns.task_texts.
    TASK_TEXT: Final = ("number", "title", "content", "role", "lead")
    # The header block spans the table's width: its last column is the table's.
    _LAST = COLUMNS[-1].index
    TITLE: Final = Span(1, 0, _LAST)
    NOTE: Final = Span(2, 0, _LAST)
    FIELDS: Final = (
        HeaderField("unit", "填报单位", Span(3, 0), Span(3, 1, 3), required=True, entry=False),
        HeaderField("contact", "联系人", Span(3, 4), Span(3, 5), required=True),
        HeaderField("phone", "联系电话", Span(3, 6), Span(3, 7), required=True),
        HeaderField("reviewer", "审核人", Span(3, 8), Span(3, 9, _LAST), required=True),
        HeaderField("date", "填报日期", Span(4, 0), Span(4, 1, 3), kind="date", required=True),
    )
    # The self-check cell (a formula): a field of the header block the unit never types in.
    PROGRESS: Final = HeaderField(
        "fill_progress", "填报进度", Span(4, 4), Span(4, 5, _LAST), entry=False
    )
    COMPLETE: Final = "已填写完整"
    INCOMPLETE: Final = "尚有 {count} 项未填写"
    STATUSES: Final = ("已完成", "推进中", "未启动", "不涉及")
    NOT_APPLICABLE: Final = STATUSES[-1]
    STATUS_MEANINGS: Final = tuple(
        zip(
            STATUSES,
            (
                "任务已全部落实，写明做了什么、取得什么成效。",
                "已启动但尚未完成，写明进展、存在问题和下步计划。",
                "尚未开展，写明原因和计划启动时间。",
                "本单位确无此项工作，“落实情况”可简要说明理由。",
            ),
            strict=True,
        )
    )
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
    GUIDE_FOOTER: Final = f"&C{{unit}}　{PAGES}"
    UNKNOWN: Final = "见通知"
    DUE: Final = "{date}前"  # the date as official documents print it (2024年7月5日)
    NOTE_PARTS: Final = ("文号：{number}", "报送时限：{due}", "报送至：{office}", "（{email}）")
    NOTE_HINT: Final = "黄色单元格请填写，灰色单元格请勿修改。"
    DATE_FORMAT: Final = 'yyyy"年"m"月"d"日"'  # how the 填报日期 cell shows a date typed any way
    ENTRY_FILL: Final = "FFFDE7"  # cells the unit fills in
    TASK_FILL: Final = "F2F2F2"  # task text and labels (locked)
    PROMPTS: Final = {
        "status": Prompt(
            _find(COLUMNS, "status").label,
            f"请从下拉列表中选择：{'、'.join(STATUSES)}",
            f"只能选择：{'、'.join(STATUSES)}。请点右侧箭头选择。",
        ),
        "progress": Prompt(
            _find(COLUMNS, "progress").label,
            "写明具体做法、取得的成效和数据。不要只写“无”“略”“同上”。",
            f"不超过 {PROGRESS_MAX} 字，较长的材料请作为佐证材料附上。",
        ),
        "text": Prompt("", "", f"不超过 {TEXT_MAX} 字。"),  # titled by each column's label
        "phone": Prompt(
            _find(FIELDS, "phone").label,
            "固定电话请带区号，如 0797-8992059；或填手机号。",
            "电话号码看起来不完整，请核对。",
        ),
        "date": Prompt(
            _find(FIELDS, "date").label,
            "请填写日期，如 2024-07-01。",
            "请填写正确的日期，如 2024-07-01。",
        ),
        "news": Prompt(
            "本期是否有新进展",
            "与上期相比有新进展选“是”并更新落实情况；确无新进展选“否”。",
            "只能选择：是、否。",
        ),
    }
    DISTRIBUTION_FILE: Final = "分发清单.xlsx"
    DISTRIBUTION_SHEET: Final = "分发清单"
    DISTRIBUTION_HEADER: Final = (
        "序号", "单位", "类别", "文件名", "任务数", "牵头任务", "责任任务", "配合任务",
    )  # fmt: skip
    DISTRIBUTION_WIDTHS: Final = (5, 16, 10, 29, 6, 20, 26, 18)
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
        "round",
    )
    META_TASK_HEADER: Final = ("task_id", "seq", "number", "role", "fingerprint")
    META_TASK_ROW: Final = 12  # 1-based row of the task header in _meta
    PROPERTY_PREFIX: Final = "gzgk_"
    # The metadata also kept as custom properties, with the words that name them to a user.
    PROPERTIES: Final[Mapping[str, str]] = {
        "template_version": "格式版本",
        "notice_fingerprint": "通知标识",
        "unit_id": "单位",
        "signature": "签名",
        "round": "报送期次",
    }
    FOOTER: Final = f"&L{{unit}}&C{PAGES}&R{{title}}"

    def column(self, key: str, table: tuple[Column, ...] | None = None) -> Column:
        """The column of a field key (in the one-off table, or in ``table``)."""
        return _find(self.COLUMNS if table is None else table, key)

    def table(self, *, previous: bool) -> tuple[Column, ...]:
        """The task table of a return: with last round's columns (``previous``) or without."""
        return self.ROUND_COLUMNS if previous else self.COLUMNS

    def table_of(self, labels: Iterable[str]) -> tuple[Column, ...]:
        """The task table whose header holds these labels (the round one, by its own labels)."""
        own = {self.column("previous_status", self.ROUND_COLUMNS).label, self.PROMPTS["news"].title}
        return self.ROUND_COLUMNS if own & {label.strip() for label in labels} else self.COLUMNS

    @property
    def status_letters(self) -> tuple[str, ...]:
        """The letters the status column has in either table."""
        return tuple(
            dict.fromkeys(
                self.column("status", table).letter for table in (self.COLUMNS, self.ROUND_COLUMNS)
            )
        )

    def field(self, key: str) -> HeaderField:
        """The header-block field of a key."""
        return _find(self.FIELDS, key)

    def label(self, key: str) -> str:
        """The label of a column or of a header-block field."""
        try:
            return self.column(key).label
        except KeyError:
            return self.field(key).label

    def labels_of(self, *keys: str) -> tuple[str, ...]:
        """The labels of columns and header-block fields, in the order of ``keys``."""
        return tuple(self.label(key) for key in keys)

    @property
    def labels(self) -> tuple[str, ...]:
        """The header labels of the task table, in order."""
        return tuple(column.label for column in self.COLUMNS)

    @property
    def entry_keys(self) -> tuple[str, ...]:
        """The keys of the columns the unit fills in, in order."""
        return tuple(column.key for column in self.COLUMNS if column.entry)

    @property
    def entry_fields(self) -> tuple[HeaderField, ...]:
        """The header-block fields the unit fills in."""
        return tuple(header_field for header_field in self.FIELDS if header_field.entry)


RETURN: Final = ReturnLayout()


class PrintLayout:
    """How every sheet gzgk writes prints: paper, margins, the smallest scale, row heights.

    One rule for every workbook writer (xlsxwriter and openpyxl alike): text is
    measured as printed — a CJK character one em wide, any other character
    :attr:`NARROW` em — against a column's printed width, and a row is as tall
    as its most wrapped cell. LibreOffice never fits row heights itself and
    Excel does not fit merged cells, so every row gets its height from here.
    Lengths are points; column widths are Excel's units.

    A column width unit is the width of a digit of the workbook's default font,
    which each program takes from the fonts it has: 7 pixels (5.25 pt) in Excel
    and WPS on Windows, 7 points in LibreOffice on a Linux desktop that stands
    DejaVu Sans in for Calibri or 宋体. Text is wrapped for the narrowest
    column (:meth:`text_room`), pages are filled for the widest
    (:meth:`column_points`), so nothing is cut anywhere and a sheet fits its
    paper everywhere.
    """

    PAPER: Final = 9  # A4 in Excel's paper codes
    A4: Final = (595.3, 841.9)  # portrait width and height
    MARGINS: Final = (0.4, 0.4, 0.75, 0.75)  # left, right, top, bottom (inches)
    HEADER_MARGIN: Final = 0.3  # from the paper's edge to the header and the footer (inches)
    # Fit-to-width never shrinks further: 10 pt text prints at 8 pt or larger (LibreOffice
    # rounds its scale down and keeps a little more room than the margins).
    MIN_SCALE: Final = 0.82
    MIN_SIZE: Final = 8.0  # no character prints smaller
    BODY_SIZE: Final = 10.0  # the table text
    FOOTER_SIZE: Final = 11.0  # what Excel, WPS and LibreOffice print headers and footers in
    LINE: Final = 1.5  # the height of a wrapped line per point of font size
    PADDING: Final = 6.0  # what a cell keeps free around its text, both sides together
    ROW_PADDING: Final = 3.0  # above and below a row's lines together
    ROW_MAX: Final = 409.0  # Excel's tallest row
    NARROW: Final = 0.6  # the width of a Latin letter or digit, in em (proportional fonts)
    SECTION_GAP: Final = 12.0  # between two sections of a header or footer

    def printable_width(self, *, landscape: bool = True) -> float:
        """The width between the side margins of an A4 page."""
        paper = self.A4[1] if landscape else self.A4[0]
        return paper - (self.MARGINS[0] + self.MARGINS[1]) * 72

    def printable_height(self, *, landscape: bool = True) -> float:
        """The height between the top and bottom margins of an A4 page."""
        paper = self.A4[0] if landscape else self.A4[1]
        return paper - (self.MARGINS[2] + self.MARGINS[3]) * 72

    @staticmethod
    def column_points(width: float) -> float:
        """The widest a column of ``width`` units prints (7 points a unit, plus 5)."""
        return width * 7 + 5 if width > 0 else 0.0

    def text_room(self, width: float) -> float:
        """The narrowest room for text in a column of ``width`` units (7 pixels a unit, plus 5)."""
        return _text_room(width, self.PADDING)

    def text_points(self, text: str, size: float = BODY_SIZE) -> float:
        """How wide ``text`` prints on one line at ``size`` points."""
        return _ems(text, self.NARROW) * size

    def lines(self, text: str, width: float, size: float = BODY_SIZE) -> int:
        """The lines ``text`` wraps to in a column (or merged range) ``width`` units wide."""
        return _cell_lines(text, width, size, self.PADDING, self.NARROW)

    def row_points(self, lines: int = 1, size: float = BODY_SIZE) -> float:
        """The height of a row of ``lines`` wrapped lines at ``size`` points (Excel's limit)."""
        return min(self.ROW_MAX, lines * self.LINE * size + self.ROW_PADDING)

    def row_height(
        self, cells: Iterable[tuple[str, float]], size: float = BODY_SIZE, *, least: int = 1
    ) -> float:
        """The height of a row of (text, width) cells: its most wrapped cell's."""
        lines = least
        for text, width in cells:  # a summary sizes tens of thousands of cells
            count = _cell_lines(text, width, size, self.PADDING, self.NARROW)
            lines = max(lines, count)
        return self.row_points(lines, size)

    def scale(self, widths: Sequence[float], *, landscape: bool = True) -> float:
        """The scale fit-to-width prints columns of these widths at (1: no shrinking)."""
        total = sum(self.column_points(width) for width in widths)
        return min(1.0, self.printable_width(landscape=landscape) / total) if total else 1.0

    def section_room(self, centre: str, *, landscape: bool = True) -> float:
        """How wide a side section of a header or footer may print beside ``centre``."""
        width = self.printable_width(landscape=landscape) * self.MIN_SCALE
        middle = self.text_points(centre, self.FOOTER_SIZE)
        return (width - middle) / 2 - self.SECTION_GAP

    def fitting(self, candidates: Iterable[str], room: float) -> str:
        """The first text that prints within ``room`` points in a footer (else the last)."""
        text = ""
        for text in candidates:
            if self.text_points(text, self.FOOTER_SIZE) <= room:
                return text
        return text


@functools.lru_cache(maxsize=8192)
def _ems(text: str, narrow: float) -> float:
    """The width of a text in em (cached: every return repeats the same task texts)."""
    return sum(1.0 if cell_len(char) > 1 else narrow for char in text)


@functools.lru_cache(maxsize=16384)
def _cell_lines(text: str, width: float, size: float, padding: float, narrow: float) -> int:
    """:meth:`PrintLayout.lines`, cached by cell (the room a width leaves, computed once)."""
    return _lines(text, max(size, _text_room(width, padding)), size, narrow)


def _text_room(width: float, padding: float) -> float:
    return max(0.0, (width * 7 + 5) * 0.75 - padding)


@functools.lru_cache(maxsize=8192)
def _lines(text: str, room: float, size: float, narrow: float) -> int:
    """The lines ``text`` wraps to in ``room`` points (cached: a summary sizes every row)."""
    return max(
        1, sum(max(1, math.ceil(_ems(line, narrow) * size / room)) for line in text.split("\n"))
    )


PRINT: Final = PrintLayout()


class TableLayout:
    """A plain table sheet: the summary's lists, the problem list, the macros' results.

    The header is row 1, frozen and repeated on every printed page (A4
    landscape, one page wide, page numbers in the footer). A table with title
    lines (the 催报清单: its title and the as-of line) has them above the header,
    the first in bold at :attr:`TITLE_SIZE`, and its header as many rows lower.
    """

    HEADER_ROW: Final = 1
    FREEZE: Final = Span(HEADER_ROW + 1, 0)  # the first cell under the header
    TITLE_ROWS: Final = f"{HEADER_ROW}:{HEADER_ROW}"  # the rows repeated on each page
    TITLE_SIZE: Final = 14.0  # the title line above a table
    FOOTER: Final = f"&C{PAGES}"
    HEADER_FILL: Final = "F2F2F2"
    NARROWEST: Final = 6  # column widths fitted to the content stay within these
    WIDEST: Final = 60

    def header_row(self, titles: int = 0) -> int:
        """The 1-based header row of a table with ``titles`` lines above it."""
        return self.HEADER_ROW + titles


TABLE: Final = TableLayout()


class AnnotationLayout:
    """The problem sheet added to an annotated copy of a return (printed and sent back).

    A :class:`TableLayout` sheet put first; the marked cells of the return get
    a fill and a note in the :data:`NOTE` form.
    """

    SHEET: Final = "检查结果"
    POSITION: Final = 0  # the first sheet: what the unit sees on opening the copy
    SUFFIX: Final = "（检查意见）"
    COLUMNS: Final = _table(
        Column("severity", "级别", 0, 6),
        # One line for 落实情况!H107（任务（二十三））: a wrap inside the brackets orphans them.
        Column("place", "位置", 1, 32),
        Column("message", "问题", 2, 72),
        Column("code", "代码", 3, 20),
    )
    WHOLE_FILE: Final = "整个文件"
    ERROR_FILL: Final = "FFC7CE"
    WARNING_FILL: Final = "FFEB9C"
    BORDER: Final = "808080"
    NOTE: Final = "{severity}：{message} [{code}]"  # the note on a marked cell
    NOTE_AUTHOR: Final = "gzgk"  # marks gzgk's notes, so a new check can clear the old ones
    NOTE_SIZE: Final = (300, 120)  # width, height in points

    def column(self, key: str) -> Column:
        """The column of a key."""
        return _find(self.COLUMNS, key)

    def fill(self, error: bool) -> str:  # noqa: FBT001 - reads as fill(issue.is_error)
        """The fill of a marked cell: one colour for errors, another for warnings."""
        return self.ERROR_FILL if error else self.WARNING_FILL

    @property
    def labels(self) -> tuple[str, ...]:
        """The header labels of the problem list, in order."""
        return tuple(column.label for column in self.COLUMNS)


ANNOTATION: Final = AnnotationLayout()


class NoticeBookLayout:
    """The 分工表 workbook: a notice as gzgk understood it, for the clerk to correct in Excel.

    ``gzgk parse NOTICE -o 分工表.xlsx`` writes it; every command reads it back
    as the notice. The task sheet has one row per task under a header found by
    its labels (rows may be inserted above it); unit names go one per line in
    a cell (、，； between names are read too). Tasks with issues have their
    cells filled (:data:`ANNOTATION` colours) and commented, and every issue is
    listed on the issues sheet. The notice's other facts are on the facts,
    requirements and references sheets. The issues sheet is never read back:
    it records what was found when the workbook was written.
    """

    TASKS_SHEET: Final = "分工表"
    ISSUES_SHEET: Final = "问题"
    FACTS_SHEET: Final = "通知信息"
    REQUIREMENTS_SHEET: Final = "工作要求"
    REFERENCES_SHEET: Final = "引用文件"
    ROUNDS_SHEET: Final = "报送期次"
    # The sheets in the order they are written (the task sheet first and active).
    SHEETS: Final = (
        TASKS_SHEET,
        ISSUES_SHEET,
        FACTS_SHEET,
        ROUNDS_SHEET,
        REQUIREMENTS_SHEET,
        REFERENCES_SHEET,
    )
    TITLE_SUFFIX: Final = "任务分工表"
    TITLE_SIZE: Final = 14.0
    # Empty columns are hidden; the usual ones (编号 … 配合单位) fit A4 landscape at full
    # size, all of them print at a readable size over pages across (PRINT).
    COLUMNS: Final = _table(
        Column("number", "编号", 0, 6, centred=True),
        Column("section", "所属部分", 1, 12),
        Column("title", "主要任务", 2, 14),
        Column("content", "任务内容", 3, 36),
        Column("lead", "牵头单位", 4, 14),
        Column("responsible", "责任单位", 5, 16),
        Column("cooperating", "配合单位", 6, 14),
        Column("informed", "知悉单位", 7, 10),
        Column("leaders", "牵头领导", 8, 8),
        Column("deadline", "完成时限", 9, 10),
        Column("group_members", "单位组成员", 10, 18),
    )
    # The columns whose labels make a header row this workbook's (with the facts sheet).
    REQUIRED: Final = ("number", "content", "lead", "responsible", "cooperating")
    # Cells holding lists: one item a line (、，； between items are read too).
    LISTS: Final = ("lead", "responsible", "cooperating", "informed", "leaders")
    UNITS: Final = ("lead", "responsible", "cooperating", "informed")
    GROUP_SEPARATOR: Final = (
        "："  # 单位组成员: 市政府有关部门：市发改委、市财政局 (one group a line)
    )
    TITLE: Final = Span(1, 0, COLUMNS[-1].index)
    NOTE: Final = Span(2, 0, COLUMNS[-1].index)
    HEADER_ROW: Final = 3  # 1-based; rows inserted above it are allowed
    FIRST_ROW: Final = 4
    HEADER_SCAN: Final = 20  # rows searched for the header
    NOTE_TEXT: Final = (
        "读自“{source}”。粉红色单元格有错误，黄色单元格请核对，说明见单元格批注和“问题”工作表"
        "（“问题”表是读取时的记录，改正后不会自动更新）。单位每行写一个；不要改动列标题；"
        "没有内容的列已隐藏，需要时可取消隐藏。改正后保存，本文件即可代替原通知使用，"
        "如：gzgk generate {name} -o 报送表"
    )
    # -- 通知信息: one fact a row
    FACTS_HEADER: Final = ("项目", "内容")
    FACTS_WIDTHS: Final = (14, 80)
    FACTS: Final = (
        ("issuer", "发文机关"),
        ("doc_number", "文号"),
        ("title", "标题"),
        ("issued_on", "成文日期"),
        ("report_due", "报送时限"),
        ("recipients", "主送单位"),
        ("contact.office", "报送至"),
        ("contact.person", "联系人"),
        ("contact.phone", "联系电话"),
        ("contact.email", "电子邮箱"),
        ("attachment", "附件"),
        ("preamble", "正文开头"),
        ("closing", "正文结尾"),
    )
    DATES: Final = ("issued_on", "report_due")
    DATE_FORMAT: Final = "yyyy-mm-dd"
    # -- 报送期次, 工作要求 and 引用文件: plain tables (TableLayout), hidden while empty
    REQUIREMENTS: Final = _table(
        Column("number", "编号", 0, 8, centred=True),
        Column("heading", "标题", 1, 30),
        Column("text", "内容", 2, 80),
    )
    ROUNDS: Final = _table(
        Column("name", "期次", 0, 24),
        Column("due", "报送时限", 1, 14),
    )
    REFERENCES: Final = _table(
        Column("title", "文件名称", 0, 50),
        Column("doc_number", "文号", 1, 24),
        Column("issuer", "发文机关", 2, 30),
    )
    # -- 问题: every issue met when the workbook was written
    ISSUES: Final = _table(
        Column("severity", "级别", 0, 6, centred=True),
        Column("task", "任务", 1, 8, centred=True),
        Column("cell", "分工表位置", 2, 11, centred=True),
        Column("message", "问题", 3, 62),
        Column("place", "原文位置", 4, 16),
        Column("code", "代码", 5, 22),
    )
    NO_ISSUES: Final = "读取时没有发现问题。"
    # The column an issue of a task is shown in, by issue code (others: the number column).
    ISSUE_COLUMNS: Final[Mapping[str, str]] = {
        "task-no-content": "content",
        "task-merged-suspect": "content",
        "task-spans-pages": "content",
        "task-no-title": "title",
        "task-units-unparsable": "lead",
        "task-units-ambiguous": "lead",
        "task-no-lead": "lead",
        "role-word-guessed": "lead",
        "role-word-misprinted": "lead",
        "unit-name-invalid": "lead",
    }
    # Issues about one name go to the unit column that holds it, when one does.
    NAME_CODES: Final = ("unit-name-invalid",)

    def column(self, key: str) -> Column:
        """The task column of a key."""
        return _find(self.COLUMNS, key)

    @property
    def labels(self) -> tuple[str, ...]:
        """The header labels of the task sheet, in order."""
        return tuple(column.label for column in self.COLUMNS)

    def issue_column(self, code: str) -> Column:
        """The task column an issue of this code is shown in."""
        return self.column(self.ISSUE_COLUMNS.get(code, "number"))


NOTICE_BOOK: Final = NoticeBookLayout()


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
    # The sheets in the order the office reads them.
    SHEETS: Final = (
        OVERVIEW_SHEET,
        STATUS_SHEET,
        MATRIX_SHEET,
        DETAILS_SHEET,
        COMPILATION_SHEET,
        ISSUES_SHEET,
        REMINDERS_SHEET,
        FILES_SHEET,
    )
    # Each table lists the columns a reader needs first; the ones after *_PRINTED
    # (paths, SHA-256, codes, …) are kept for the record and left out of print.
    # Printed widths fit A4 (landscape unless said) at PRINT.MIN_SCALE or larger.
    # -- 汇总说明 (A4 portrait: the facts, the chart on a page of its own, the table)
    FACTS_HEADER: Final = ("项目", "内容")
    FACTS_WIDTHS: Final = (18, 70)
    FACTS: Final = {  # the facts' labels, in the order they are listed
        "notice": "通知",
        "doc_number": "文号",
        "issuer": "发文机关",
        "due": "报送时限",
        "as_of": "统计时间",
        "expected": "应报单位",
        "received": "已报送",
        "invalid": "不合格",
        "missing": "未报送",
        "progress": "落实进度",
        "round": "报送期次",
        "comparison": "较上期",
        "files": "收到文件",
        "unexpected": "其他单位",
        "open_group": "待明确",
    }
    INVALID: Final = "不合格"
    UNIT_PROGRESS_HEADER: Final = (
        "单位", *RETURN.STATUSES, "未填写", INVALID, "未报送", "完成率",
    )  # fmt: skip
    UNIT_PROGRESS_WIDTHS: Final = (20, 6, 6, 6, 6, 6, 6, 6, 7)  # A4 portrait at full size
    TITLE_SIZE: Final = 16.0
    CHART_TITLE: Final = "各单位任务落实进度"
    CHART_AXIS: Final = "任务数"
    CHART_FONT_SIZE: Final = 9.0
    CHART_HEIGHT: Final = 0.96  # of the printable height: what the charts of a page fill
    CHART_BAR: Final = 15.0  # points per unit: room for its name at CHART_FONT_SIZE
    CHART_FRAME: Final = 110.0  # points for the title, the legend and the axis
    # -- 报送情况
    STATUS_HEADER: Final = (
        "序号", "单位", "类别", "报送情况", "是否按时", "是否合格", "错误", "提醒",
        *RETURN.labels_of("date", "contact", "phone"), "说明", "来源文件",
    )  # fmt: skip
    STATUS_WIDTHS: Final = (5, 14, 10, 9, 9, 8, 5, 5, 12, 9, 13, 29, 40)
    STATUS_PRINTED: Final = 12
    # -- 进度矩阵 (units down, by kind; tasks across, split over pages with 单位 and 报送情况
    #    repeated when they do not fit one page wide)
    MATRIX_FIXED: Final = ("单位", "报送情况")
    MATRIX_FIXED_WIDTHS: Final = (14, 8)
    MATRIX_TASK_WIDTH: Final = 5.6
    MATRIX_SIZE: Final = 9.0  # the matrix cells' text
    MATRIX_UNIT_TOTALS: Final = ("已完成/应落实", "完成率")  # columns after the tasks
    MATRIX_UNIT_TOTAL_WIDTHS: Final = (8, 7)
    MATRIX_TASK_TOTALS: Final = ("涉及单位", "已报送", "已完成", "完成率")  # rows under the units
    MATRIX_HEADER_ROWS: Final = 2  # the task numbers, then their titles
    MATRIX_LEGEND: Final = (  # two printed lines: it shares the page of the totals
        "单元格为各单位填报的落实状态。灰色：无此任务；空白：尚未报送；粉色：未按要求填写落实状态；"
        "紫色“不合格”：报送表未通过核验，所填状态一律不采用，不计为已完成。"
        "完成率＝已完成÷（应落实的任务数－不涉及）。"
    )
    # -- 落实明细
    DETAILS_HEADER: Final = (
        "单位",
        *RETURN.labels_of("number", "title", "role", *RETURN.entry_keys),
        "类别", *RETURN.labels_of("date", "contact", "phone"),
        "是否合格", "来源文件", "SHA-256",
    )  # fmt: skip
    DETAILS_WIDTHS: Final = (12, 6, 13, 5, 7, 40, 16, 16, 15, 10, 13, 9, 14, 8, 40, 66)
    DETAILS_PRINTED: Final = 9
    # -- 按任务汇编
    COMPILATION_HEADER: Final = (
        "职责", "单位", *RETURN.labels_of("status", "progress", "problems", "plans"),
    )  # fmt: skip
    COMPILATION_WIDTHS: Final = (6, 14, 8, 60, 20, 20)
    ABSENT: Final = "{state}（{count} 个单位）：{names}"  # one row per task for the absences
    # -- 问题清单
    ISSUES_HEADER: Final = (
        "序号", "单位", "位置", "级别", "问题说明", "文件状态", "任务", "文件", "代码",
    )  # fmt: skip
    ISSUES_WIDTHS: Final = (5, 12, 24, 6, 70, 12, 7, 40, 36)
    ISSUES_PRINTED: Final = 6
    # -- 催报清单 (a title and the moment above the table; sorted for phoning)
    REMINDERS_HEADER: Final = (
        "序号", "单位", "情况", "需补报或修改的内容",
        *RETURN.labels_of("contact", "phone"), "联系方式来源", "类别", "来源文件",
    )  # fmt: skip
    REMINDERS_WIDTHS: Final = (5, 14, 24, 38, 10, 15, 14, 10, 40)
    REMINDERS_PRINTED: Final = 7
    REMINDERS_TITLE: Final = "{title}催报清单"
    REMINDERS_FACTS: Final = "统计截至 {as_of}　报送时限 {due}　需要催报 {count} 个单位"
    # -- 收到文件
    FILE_TIME: Final = "文件时间"  # a file's modification time, when 填报日期 is empty
    FILES_HEADER: Final = (
        "序号", "文件", "单位", "采用情况", RETURN.label("date"), FILE_TIME, "错误", "提醒",
        "大小（字节）", "SHA-256",
    )  # fmt: skip
    FILES_WIDTHS: Final = (5, 36, 12, 30, 13, 17, 5, 5, 11, 66)
    FILES_PRINTED: Final = 8
    # -- words
    RECEIVED: Final = "已报送"
    NOT_RECEIVED: Final = "未报送"
    VALID: Final = "合格"
    NONE: Final = "—"
    USED: Final = "采用"
    BLANK: Final = "未填写"  # a return used but with nothing written in it
    WHOLE_FILE: Final = "整个文件"  # the place of a finding about a file as a whole
    SUPERSEDED: Final = "已被较新的报送替代"
    UNPLACED: Final = "无法采用"
    COPY: Final = "重复的副本"  # byte-identical to a file kept: one return, counted once
    NOT_READ: Final = "未读取"
    UNFILLED: Final = "（未填）"
    ROW_MISSING: Final = "（缺此任务行）"
    NOT_SENT: Final = "（未报送）"
    REJECTED_TITLE: Final = "未采用的报送内容"
    REJECTED: Final = "（不合格，未采用）"
    REJECTED_SEE: Final = f"（不合格，未采用，见本表末尾“{REJECTED_TITLE}”）"
    REJECTED_NOTE: Final = f"{REJECTED_TITLE}：以下内容来自未通过核验的报送表，未列入汇编，仅供核对"
    REJECTED_UNIT: Final = "{unit}（未采用原因：{reasons}）"
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
        "rejected": "#CCC0DA",
    }
    HEADER: Final = "&C{title}"  # the notice (or its 文号) on every page
    FOOTER: Final = f"&L{{sheet}}&C{PAGES}&R{{as_of}}"
    AS_OF: Final = "统计截至 {moment}"


SUMMARY: Final = SummaryLayout()


class ComparisonLayout:
    """What a round's summary adds: 进展对比, lights, and the data the next round needs.

    ``进展对比`` lists every task × unit: last round's status → this round's,
    the change, the 未更新 streak and a light. The light is a formula of the
    row's cells and of three labelled cells above the table (判断日期,
    临近天数, 本期报送时限), coloured by conditional formats, so it follows
    when the clerk changes a status or the date; the progress matrix takes
    the same colours through the defined names below. ``_data`` (hidden) holds
    each unit's last accepted answers and contacts, which the next round reads
    back (``--previous 上期汇总表.xlsx``).
    """

    SHEET: Final = "进展对比"
    DATA_SHEET: Final = "_data"
    TITLE_SUFFIX: Final = "进展对比"
    FIELDS: Final = (
        HeaderField("round", "本期", Span(2, 0, 1), Span(2, 2, 4), entry=False),
        HeaderField("previous", "上期", Span(3, 0, 1), Span(3, 2, 4), entry=False),
        HeaderField(  # dates over two cells: 2024年12月31日 fits them in any program
            "round_due", "本期报送时限", Span(4, 0, 1), Span(4, 2, 3), entry=False, kind="date"
        ),
        HeaderField("light_date", "判断日期", Span(5, 0, 1), Span(5, 2, 3), kind="date"),
        HeaderField("soon", "临近天数", Span(6, 0, 1), Span(6, 2, 3)),
    )
    COUNTS_AT: Final = Span(2, 6, 12)  # the live counts of lights, beside the fields
    NOTE: Final = Span(7, 0, 12)
    HEADER_ROW: Final = 9  # 1-based
    # Widths fit A4 landscape at PRINT.MIN_SCALE; 完成时限 holds a date as 2024年12月31日.
    COLUMNS: Final = _table(
        Column("number", "编号", 0, 5, centred=True),
        Column("title", "主要任务", 1, 14),
        Column("unit", "单位", 2, 11),
        Column("role", "职责", 3, 5, centred=True),
        Column("task_due", "完成时限", 4, 15, centred=True),
        Column("previous_round", "上期答复", 5, 10, centred=True),
        Column("previous_status", "上期状态", 6, 7, centred=True),
        Column("status", "本期状态", 7, 7, entry=True, centred=True),
        Column("news", "有无新进展", 8, 6, centred=True),
        Column("change", "较上期", 9, 7, centred=True),
        Column("stale", "连续未更新", 10, 6, centred=True),
        Column("light", "灯", 11, 4, centred=True),
        Column("reasons", "说明", 12, 24),
    )
    TITLE_SIZE: Final = 14.0
    NOTE_TEXT: Final = (
        "红：已过完成时限仍未完成，或过了报送时限仍未报送；黄：距完成时限不足“临近天数”天、"
        "连续两期及以上未更新或较上期退步；绿：已完成或按时推进。修改“本期状态”或黄色的"
        "判断日期、临近天数，灯色随之变化。“上期答复”为该单位最近一次被采用的答复所属期次。"
    )
    COUNTS: Final = "红灯 {red} 项　黄灯 {yellow} 项　绿灯 {green} 项"
    LIGHT_COLOURS: Final = {"red": "#FF7C80", "yellow": "#FFE699", "green": "#A9D08E"}
    NONE: Final = "—"
    # Workbook-level names the formulas and the progress matrix's colours use.
    NAMES: Final = {
        "light_date": "gzgk_light_date",
        "soon": "gzgk_soon_days",
        "round_due": "gzgk_round_due",
        "number": "gzgk_cmp_number",
        "unit": "gzgk_cmp_unit",
        "light": "gzgk_cmp_light",
    }
    # -- _data: key/value rows, then the answers table and, beside it, the contacts.
    DATA_VERSION: Final = "1"
    DATA_KEYS: Final = (
        "data_version",
        "notice_fingerprint",
        "notice_title",
        "round",
        "round_due",
        "as_of",
    )
    DATA_TABLE_ROW: Final = 10  # 1-based header row of both tables
    DATA_ANSWERS: Final = (
        "unit_id", "unit_name", "task_id", "task_number", "role", "round", "status", "progress",
        "evidence", "problems", "plans", "news", "fill_date", "stale",
    )  # fmt: skip
    DATA_CONTACTS: Final = ("contact_unit_id", "contact", "phone")

    def column(self, key: str) -> Column:
        """The column of a key."""
        return _find(self.COLUMNS, key)

    def field(self, key: str) -> HeaderField:
        """The labelled cell of a key."""
        return _find(self.FIELDS, key)

    @property
    def labels(self) -> tuple[str, ...]:
        """The header labels of the table, in order."""
        return tuple(column.label for column in self.COLUMNS)

    @property
    def contacts_column(self) -> int:
        """The 0-based column where the contacts table starts (one empty column after answers)."""
        return len(self.DATA_ANSWERS) + 1


COMPARISON: Final = ComparisonLayout()


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


# Every kind of notice file gzgk reads (help texts and the control sheet say so).
NOTICE_FILES: Final = (
    "Word .docx/.doc/.wps/.rtf、PDF .pdf、Excel .xlsx/.xls/.et、文本 .txt，或 gzgk 的 .json/.toml"
)


class ControlLayout:
    """The control workbook (控制台): parameters, group members, and the log of every run."""

    CONTROL_SHEET: Final = "控制台"
    GROUPS_SHEET: Final = "单位组成员"
    LOG_SHEET: Final = "日志"
    LISTS_SHEET: Final = "_lists"
    TITLE: Final = "政务公开任务分工：控制台"
    TITLE_SIZE: Final = 16.0
    HINT: Final = (
        "在黄色单元格中填写参数，然后点按钮：装了“政务公开”加载项的 Excel，按钮在“政务公开”"
        "选项卡上；宏版控制台（gzgk excel control -o 控制台.xlsm，打开时启用宏），按钮在本表"
        "右侧。WPS 或麒麟/统信电脑：保存本文件后运行 gzgk excel run 操作名 本文件.xlsx"
        "（操作名见下表）。"
    )
    OPERATIONS_HINT: Final = "操作（每个按钮一个；gzgk excel run 用左列的操作名）："
    OPERATIONS_HEADER: Final = ("操作名", "按钮", "作用")
    HEADER_ROW: Final = 4  # 1-based: 项目 | 内容 | 说明
    HEADER: Final = ("项目", "内容", "说明")
    VALUE_COLUMN: Final = 1  # 0-based: where the parameters' values go
    WIDTHS: Final = (18, 46, 70)
    FIRST_ROW: Final = 5  # the first parameter
    PARAMETERS: Final = (
        Parameter(
            "notice",
            "通知",
            f"通知文件的完整路径（{NOTICE_FILES}），或从下拉列表选内置通知名",
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
        # Reporting rounds (appended, so control workbooks made before keep their cells).
        Parameter(
            "rounds",
            "报送安排",
            "可选：通知要求按期报送时的各期，每期写 名称=日期，用逗号隔开，"
            "如 2024年上半年=2024-07-10,2024年全年=2025-01-10；空着用通知中读出的",
        ),
        Parameter(
            "round",
            "本期",
            "按期报送时填写本期名称，如 2024年第三季度（须与报送安排中的一致）；"
            "其他期次的报送表不会混入",
        ),
        Parameter(
            "previous_file",
            "上期汇总表",
            "可选：上期的汇总表。生成报送表时预填各单位上期的答复；汇总时逐项对比、标出红黄绿灯",
            "file",
        ),
        Parameter(
            "history_file",
            "台账数据库",
            "可选：台账数据库（.sqlite）。汇总时把本期记入台账；生成报送表时取最近的答复预填",
            "file",
        ),
        Parameter(
            "replace_round",
            "整期替换台账",
            "一般空着。台账中已记有本期、这次汇总却少了其中某些单位的报送表时，“汇总报送”不记入"
            "台账并列出这些单位；确要整期替换（这些单位本期的答复从台账中删去），在此填写本期"
            "名称再点“汇总报送”。只对填写的这一期有效",
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
    LOG_NOTE: Final = (
        "（每点一次按钮或运行一次 gzgk excel run，下面记一行：时间、操作、结果和说明。）"
    )
    LOG_WIDTHS: Final = (19, 14, 10, 90)
    # Tables the buttons write into the control workbook (TableLayout sheets).
    RESULTS_SHEET: Final = "校验结果"
    RESULTS_HEADER: Final = ("序号", "文件", "单位", "结果", *ANNOTATION.labels)
    # Printed one page wide at PRINT.MIN_SCALE; 位置 as wide as in the annotated copy.
    RESULTS_WIDTHS: Final = (
        5, 26, 10, 7, ANNOTATION.column("severity").width, ANNOTATION.column("place").width, 30, 14
    )  # fmt: skip
    GENERATED_SHEET: Final = "生成结果"
    GENERATED_HEADER: Final = ("序号", "单位", "类别", "文件", "任务数", "本单位任务")
    ENVIRONMENT_SHEET: Final = "环境检查"
    ENVIRONMENT_HEADER: Final = ("项目", "情况", "结论", "处理办法")
    ANNOTATED_FOLDER: Final = "批注"  # beside the control workbook, never inside the returns folder
    OK: Final = "完成"
    PROBLEM: Final = "有问题"
    FAILED: Final = "出错"
    UNITS_NAME: Final = "gzgk_units"  # defined name of the registered units' list
    NOTICES_NAME: Final = "gzgk_notices"  # defined name of the bundled notices' list

    def parameter(self, key: str) -> Parameter:
        """The parameter of a key."""
        return _find(self.PARAMETERS, key)

    def cell(self, key: str) -> str:
        """The address of a parameter's value cell (in the 内容 column)."""
        row = self.FIRST_ROW + [p.key for p in self.PARAMETERS].index(key)
        return Span(row, self.VALUE_COLUMN).cell


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
    # What the add-in's VBA says before Python can (gzgk.excel.addin writes each as ChrW()s).
    VBA_TEXTS: Final = {
        "title": "gzgk · 政务公开",
        "no_workbook": "没有打开的工作簿。请先打开控制台或要核对的报送表；报送表如果是在"
        "“受保护的视图”中打开的，请先点黄色提示条上的“启用编辑”。",
        "no_config": "没有找到 gzgk 的配置文件，加载项不知道用哪个 Python。请重新运行安装包中的 "
        "install.cmd。配置文件应在：",
        "no_interpreter": "配置文件中没有写明 Python（INTERPRETER_WIN）。请重新运行安装包中的 "
        "install.cmd。配置文件：",
        "interpreter_missing": "配置文件写明的 Python 不存在（可能已被删除或移动）。请重新运行"
        "安装包中的 install.cmd。Python：",
        "gzgk_missing": "Python 环境中没有安装 gzgk。请重新运行安装包中的 install.cmd。环境：",
        "xlwings_mismatch": "Python 环境中的 xlwings 与加载项的版本不同，按钮无法运行。请重新运行"
        "安装包中的 install.cmd，它会用同一版本重建加载项。加载项的 xlwings 版本：",
        "environment_ok": "Python、gzgk 和 xlwings 都已装好。请打开控制台工作簿后再点一次"
        "“环境检查”，检查控制台中的各项参数。",
        "diagnostics": "检查结果已写入下面的文件，需要帮助时请把它发给维护人员：",
        "ask_for_help": "处理好后再点按钮。需要帮助时请点“环境检查”，把它写出的文件发给维护人员。",
        "python_error": "gzgk 在 Python 中出错，没能给出中文说明。以下是英文详情，"
        "请按 Ctrl+C 复制后发给维护人员：",
    }


ADDIN: Final = AddinLayout()
