"""The codes of problems with input (``validate``, and the errors of every command), each with a title.

Codes are stable: scripts and CI select on them (``validate -f json``). Every
:class:`~lingyuan_targets.plan.errors.PlanError` carries one of these; a test
checks that every code the package raises is here, and ``docs/validation.md``
lists them from this table. The codes of ``check`` findings are registered beside
their check families (:data:`lingyuan_targets.checks.codes.CODES`).
"""

from __future__ import annotations

#: code → (group, title)
PROBLEMS: dict[str, tuple[str, str]] = {
    # reading a file
    "file-not-found": ("file", "the file or directory does not exist"),
    "not-a-file": ("file", "a directory where a file is expected"),
    "special-file": ("file", "a FIFO, a device or a socket where a regular file is expected"),
    "symlink-loop": ("file", "a symbolic link that leads, through links, back to itself"),
    "name-too-long": ("file", "a file name or path longer than the operating system allows"),
    "not-a-directory": ("file", "a file where a plan directory is expected"),
    "permission-denied": ("file", "the file cannot be read with the user's permissions"),
    "unreadable": ("file", "the file cannot be read (an error of the operating system)"),
    "file-too-large": ("file", "the file is larger than the limit for its kind"),
    "file-exists": ("file", "a file a command would create exists already (it is never overwritten)"),
    "empty-file": ("file", "the file is empty"),
    "binary-file": ("file", "the file holds binary data or control characters, not text"),
    "encoding": ("file", "the file's encoding cannot be read (not UTF-8, not GB18030, or not the one named)"),
    "missing-extra": ("file", "reading this kind of file needs an optional package that is not installed"),
    "table-format": ("file", "a .parquet file that is not Parquet, or a damaged one"),
    "no-figures": ("file", "a plan's text in which draft finds no figure to draft"),
    # YAML
    "yaml-syntax": ("yaml", "the YAML cannot be parsed"),
    "yaml-alias": ("yaml", "a YAML alias (*name); plan files do not use them"),
    "yaml-tag": ("yaml", "a YAML tag that would build an object (!!python/…)"),
    "yaml-duplicate-key": ("yaml", "a key given twice in one mapping"),
    "yaml-number": ("yaml", "a YAML number that cannot be read as a decimal"),
    "yaml-too-deep": ("yaml", "the YAML is nested too deep"),
    # CSV
    "csv-header": ("csv", "the header lacks a required column or repeats one"),
    "csv-ragged": ("csv", "a row has more or fewer fields than the header"),
    "csv-syntax": ("csv", "the CSV cannot be parsed (an unclosed quote)"),
    # fields and values
    "missing-field": ("field", "a required field or value is missing"),
    "unknown-field": ("field", "a field the format does not have (often a typo)"),
    "wrong-type": ("field", "a value of the wrong type (text for a number, a list for a mapping)"),
    "not-allowed": ("field", "a value outside the field's allowed values"),
    "not-integer": ("field", "a whole number is expected"),
    "bad-number": ("field", "a cell that cannot be read as a number"),
    "not-finite": ("field", "a number that is infinite or not a number"),
    "out-of-range": ("field", "a number or year beyond the range the tool accepts"),
    "out-of-bounds": ("field", "a value outside its natural bounds, or a rate that is not possible"),
    "not-positive": ("field", "a base that is not positive where growth compounds"),
    "year-order": ("field", "years out of order, or outside the plan's period"),
    "invalid-entry": ("field", "an entry that cannot be used for another reason (the message says which)"),
    "unknown-phrase": ("field", "a printed rule or target the tool cannot read (the message quotes it)"),
    "printed-mismatch": ("field", "a printed rule or target that says something else than the fields beside it"),
    # references between records
    "duplicate-id": ("reference", "an id given twice (an indicator, a baseline row, an actual, a plan)"),
    "unknown-id": ("reference", "an indicator id the plan does not define"),
    "bad-reference": ("reference", "a relation names an indicator the plan does not define"),
    "unit-mismatch": ("reference", "the baseline's unit differs from the indicator's"),
    "missing-baseline": ("reference", "an indicator without a row in the baseline file"),
    "missing-total": ("reference", "a breakdown or sum without exactly one total row"),
    "plan-invalid": ("reference", "an actuals file that cannot be checked because its plan is not valid"),
    # what a caller asks for
    "unknown-scenario": ("request", "a scenario name that is neither defined nor rate:X"),
    "unknown-code": ("request", "a check code or family that does not exist"),
    "bad-grid": ("request", "a grid of rates that cannot be read or is too large"),
    "invalid": ("request", "a value that cannot be used (the message says why)"),
}

#: group → its name in Chinese
GROUPS_ZH: dict[str, str] = {"file": "文件", "yaml": "YAML", "csv": "CSV", "field": "字段", "reference": "引用",
                             "request": "请求"}  # fmt: skip

#: code → its title in Chinese (``validate --lang zh``; a test checks that every code has one)
PROBLEMS_ZH: dict[str, str] = {
    "file-not-found": "文件或目录不存在",
    "not-a-file": "应为文件，却是目录",
    "special-file": "应为普通文件，却是管道、设备或套接字",
    "symlink-loop": "符号链接绕回自身",
    "name-too-long": "文件名或路径超出操作系统的长度限制",
    "not-a-directory": "应为规划目录，却是文件",
    "permission-denied": "当前用户无权读取该文件",
    "unreadable": "文件无法读取（操作系统报错）",
    "file-too-large": "文件超出该类文件的大小上限",
    "file-exists": "要创建的文件已存在（从不覆盖）",
    "empty-file": "文件为空",
    "binary-file": "文件含二进制数据或控制字符，不是文本",
    "encoding": "无法按编码读取文件（不是 UTF-8、GB18030 或所指定的编码）",
    "missing-extra": "读取此类文件需要未安装的可选软件包",
    "table-format": "表格文件不是其后缀所示的格式（.parquet 文件不是 Parquet）",
    "no-figures": "规划文本中没有可起草的数字",
    "yaml-syntax": "YAML 无法解析",
    "yaml-alias": "YAML 别名（*name），规划文件不使用",
    "yaml-tag": "会构造对象的 YAML 标签（!!python/…）",
    "yaml-duplicate-key": "同一映射中的键重复",
    "yaml-number": "YAML 数字无法读作十进制数",
    "yaml-too-deep": "YAML 嵌套过深",
    "csv-header": "表头缺少必需的列或有重复列",
    "csv-ragged": "某行的字段数与表头不同",
    "csv-syntax": "CSV 无法解析（引号未闭合）",
    "missing-field": "缺少必填字段或值",
    "unknown-field": "格式中没有的字段（常为拼写错误）",
    "wrong-type": "值的类型不对（应为数字却是文本，应为映射却是列表等）",
    "not-allowed": "值不在该字段允许的范围内",
    "not-integer": "应为整数",
    "bad-number": "单元格无法读作数字",
    "not-finite": "数字为无穷大或非数",
    "out-of-range": "数字或年份超出本工具接受的范围",
    "out-of-bounds": "值超出其自然界限，或增速不可能",
    "not-positive": "按增速复利推算时基期值不为正",
    "year-order": "年份顺序颠倒，或在规划期之外",
    "invalid-entry": "条目因其他原因无法使用（见说明）",
    "unknown-phrase": "无法读懂的增长规则或目标表述（说明中引用原文）",
    "printed-mismatch": "所印规则或目标与旁边字段的含义不一致",
    "duplicate-id": "编号重复（指标、基期行、实际值或规划）",
    "unknown-id": "规划中没有定义的指标编号",
    "bad-reference": "关系引用了规划中没有定义的指标",
    "unit-mismatch": "基期文件的单位与指标的单位不同",
    "missing-baseline": "指标在基期文件中没有对应行",
    "missing-total": "分项或合计关系没有恰好一个合计行",
    "plan-invalid": "规划本身无效，无法检查实际值文件",
    "unknown-scenario": "情景名称既未定义，也不是 rate:X",
    "unknown-code": "不存在的检查代码或类别",
    "bad-grid": "增速网格无法读取或过大",
    "invalid": "无法使用的值（见说明）",
}
