"""Messages of the explain area: key -> (English, Chinese). Chinese uses full-width punctuation."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "explain.source_too_large": (
        "{file}: {size} bytes in {lines} lines is over the limit for a learner program "
        "({max_bytes} bytes or {max_lines} lines); shorten the file (remove generated or "
        "pasted code) and try again",
        "{file}：{size} 字节、{lines} 行，超过了学习者程序的上限（{max_bytes} 字节或 "
        "{max_lines} 行）；请缩短文件（删掉生成或粘贴的代码）后再试"),
}
