"""localise: the grader's sentences about what differs, in the learner's language.

compare(), conceal(), the printed-text and code graders and the prediction parser speak
English: that text is pattern-matched (conceal), stored and written to JSON. Learners reading
Chinese see it translated here, at presentation time, sentence shape by sentence shape.
Values, code, names and numbers inside a sentence stay as they are. Text that matches no known
shape is returned unchanged, so a new English sentence shows up in English, never garbled.
Pure Python, no torch.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_Handler = Callable[[re.Match[str]], "str | None"]  # None: not this rule after all
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def localise(text: str, lang: str) -> str:
    """`text` (one difference, verdict reason or parse error) in `lang`; as is when unknown."""
    if lang != "zh" or not text:
        return text
    translated = _sentence(text)
    return text if translated is None else translated


def _sentence(text: str) -> str | None:
    for pattern, handler in _RULES:
        m = pattern.fullmatch(text)
        if m is not None:
            out = handler(m)
            if out is not None:
                return out
    return None


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern, re.DOTALL), handler))
        return handler
    return register


def _fixed(english: str, chinese: str) -> None:
    _RULES.append((re.compile(re.escape(english)), lambda m: chinese))


# ----------------------------------------------------------------------------- joining

def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_NO_SPACE = ",:;?!)。、"  # punctuation that hugs the Chinese text before it, as in messages.py


def _cat(*parts: str) -> str:
    """Join Chinese words and code/values as gradtutor.messages does: a space where a Chinese
    character meets Latin text or a value (应为 True, 第 3 行), none before punctuation."""
    out = ""
    for part in parts:
        if not part:
            continue
        a, b = (out[-1], part[0]) if out else (" ", " ")
        if not a.isspace() and not b.isspace() and (
            (_cjk(a) and not _cjk(b) and b not in _NO_SPACE)
            or (_cjk(b) and not _cjk(a) and a not in _NO_SPACE + "(")
        ):
            out += " "
        out += part
    return out


# ----------------------------------------------------------------------------- values

_KINDS = {
    "None": "None", "a tensor": "张量", "a plain tensor": "普通张量", "a list": "列表",
    "a tuple": "元组", "a dict": "字典", "a dtype": "dtype", "a grad_fn": "grad_fn",
    "a class": "类", "an error": "错误", "an unknown value": "未知的值", "a bool": "布尔值",
    "an int": "整数", "a float": "浮点数", "a complex number": "复数", "a string": "字符串",
    "a Parameter": "Parameter", "None (a leaf)": "None(叶子张量)",
    "True/False values": "布尔值", "integers": "整数", "floating-point values": "浮点数",
    "complex values": "复数",
}
_KIND_WITH_VALUE = re.compile(
    r"(a bool|an int|a float|a complex number|a string|an error) \((.*)\)", re.DOTALL)
_CLASS_WITH_DTYPE = re.compile(
    r"(True/False values|integers|floating-point values|complex values) \((torch\.\w+)\)")
_OBJECT = re.compile(r"an? ([\w.]+) object")
_NAMED = re.compile(r"an? ([A-Z_][\w.]*)")  # expected a RuntimeError: a class by its name
_ITEMS = re.compile(r"(\d+) items?")
_ZERO_DIM = re.compile(r"(.*) \(0-dim\)")


def _thing(text: str) -> str:
    """A value as the comparison names it ('a tensor', 'an int (3)'), in Chinese."""
    if text in _KINDS:
        return _KINDS[text]
    m = _KIND_WITH_VALUE.fullmatch(text)
    if m:
        return _cat(_KINDS[m.group(1)], m.group(2))
    m = _CLASS_WITH_DTYPE.fullmatch(text)
    if m:
        return _KINDS[m.group(1)] + f"({m.group(2)})"
    m = _OBJECT.fullmatch(text)
    if m:
        return _cat(m.group(1), "对象")
    m = _ITEMS.fullmatch(text)
    if m:
        return _cat(m.group(1), "项")
    m = _ZERO_DIM.fullmatch(text)
    if m:
        return m.group(1) + " (0 维)"
    m = _NAMED.fullmatch(text)
    if m:
        return m.group(1)
    return text


def _expected_got(expected: str, got: str) -> str:
    return _cat("应为", _thing(expected), ",实际是", _thing(got))


def _tail(text: str) -> tuple[str, bool]:
    """What follows 'X differs: ' or 'at [0]: ', and whether conceal() wrote it ('not X')."""
    if text.startswith("not "):
        return _cat("不是", _thing(text[4:])), True
    inner = _sentence(text)
    return (text if inner is None else inner), False


# ----------------------------------------------------------------------------- parse.py

_PARSE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = []


def _parse_rule(pattern: str, handler: Callable[[re.Match[str]], str] | str) -> None:
    if isinstance(handler, str):
        template = handler
        handler = lambda m: m.expand(template)  # noqa: E731
    _PARSE.append((re.compile(pattern, re.DOTALL), handler))


_parse_rule(r"expected '(.+?)' after (\w+|'Parameter containing')", r"\2 后面应为 '\1'")
_parse_rule(r"expected '(.+?)' between key and value", r"键和值之间应为 '\1'")
_parse_rule(r"expected '(.+?)' to close ((?:torch\.Size|OrderedDict|tensor)\()",
            r"应为 '\1',用来结束 \2")
_parse_rule(r"expected ',' or '(.)'", r"应为 ',' 或 '\1'")
_parse_rule(r"expected '(.+?)'", r"应为 '\1'")
_parse_rule(r"expected a value", "这里应为一个值")
_parse_rule(r"expected a name after '\.'", "'.' 后面应为名称")
_parse_rule(r"expected tensor\(\.\.\.\) after 'Parameter containing:'",
            "'Parameter containing:' 后面应为 tensor(...)")
_parse_rule(r"expected a list of sizes for (\S+)", r"\1 应为尺寸列表")
_parse_rule(r"expected a whole number", "这里应为整数")
_parse_rule(r"expected a dict or a list of \(key, value\) pairs",
            "这里应为字典,或由 (key, value) 键值对组成的列表")
_parse_rule(r"expected an imaginary part like 2j after '\+'/'-' in a number",
            "数字中 '+'/'-' 后面应为虚部,例如 2j")
_parse_rule(r"expected a number", "这里应为数字")
_parse_rule(r"expected a setting like dtype=\.\.\.", "这里应为 dtype=... 这样的设置")
_parse_rule(r"expected a dtype like torch\.float64", "这里应为 torch.float64 这样的 dtype")
_parse_rule(r"expected True or False", "这里应为 True 或 False")
_parse_rule(r"expected a grad_fn like <AddBackward0>", "这里应为 <AddBackward0> 这样的 grad_fn")
_parse_rule(r"'<' is never closed by '>'", "'<' 没有用 '>' 闭合")
_parse_rule(r"unexpected character (.*)", r"无法识别的字符 \1")
_parse_rule(r"this string is never closed with (.*)", r"这个字符串没有用 \1 结束")
_parse_rule(r"the answer is too long \(over (\d+) characters\)", r"答案太长(超过 \1 个字符)")
_parse_rule(r"the answer is empty", "答案是空的")
_parse_rule(r"unexpected end of the answer after the answer", "答案意外结束")
_parse_rule(r"unexpected (.*) after the answer", r"答案后面多出了 \1")
_parse_rule(r"the answer is nested too deeply", "答案嵌套得太深")
_parse_rule(r"'\.\.\.' stands for values torch left out; write every value",
            "'...' 表示 torch 省略了的值;请把每个值都写出来")
_parse_rule(r"unknown name '(.*)'; did you mean tensor\(\.\.\.\)\?",
            r"未知的名称 '\1';你是想写 tensor(...) 吗?")
_parse_rule(r"this '\(' is never closed", "这个 '(' 没有闭合")
_parse_rule(r"could not read (.*); write a grad_fn as <AddBackward0>",
            r"无法读取 \1;grad_fn 请写成 <AddBackward0> 这样")
_parse_rule(r"tensor\(\) needs its values, e\.g\. tensor\(\[1\., 2\.\]\)",
            "tensor() 需要写出它的值,例如 tensor([1., 2.])")
_parse_rule(r"unknown setting '(.*)' in tensor\(\.\.\.\); known: (.*)",
            r"tensor(...) 没有 '\1' 这个设置;可用的有:\2")
_parse_rule(r"'(.*)' is written twice", r"'\1' 写了两次")
_parse_rule(r"unknown dtype '(.*)'", r"未知的 dtype '\1'")
_parse_rule(r"size=(.*) needs values, but none are written", r"size=\1 需要写出值,但一个也没写")
_parse_rule(r"size=(.*) does not match the values written", r"size=\1 与写出的值不一致")
_parse_rule(r"an integer tensor \((.*)\) cannot hold nan", r"整数张量(\1)不能存放 nan")
_parse_rule(r"the rows have different lengths", "各行的长度不同")
_parse_rule(r"tensor values do not match its shape", "张量的值与它的形状不一致")
_parse_rule(r"(.*) is not a number", r"\1 不是数字")


def _length(text: str) -> str:
    if text == "a single number":
        return "单个数"
    m = re.fullmatch(r"(\d+) values", text)
    return _cat(m.group(1), "个值") if m else text


_parse_rule(r"this row has a different length than the first one \((.*) vs (.*)\); "
            r"a tensor is rectangular",
            lambda m: _cat("这一行的长度与第一行不同(", _length(m.group(1)), " 对 ",
                           _length(m.group(2)), ");张量必须是矩形的"))

_FOUND = re.compile(r"(.*), found (the end of the answer|'.*')", re.DOTALL)
_WHERE = re.compile(r"(.*) at (?:line (\d+), )?column (\d+)", re.DOTALL)


def parse_message(text: str) -> str | None:
    """A PredictionError's message (without its position) in Chinese, or None."""
    m = _FOUND.fullmatch(text)
    head, found = (m.group(1), m.group(2)) if m else (text, None)
    for pattern, handler in _PARSE:
        hit = pattern.fullmatch(head)
        if hit is None:
            continue
        out = handler(hit)
        if found == "the end of the answer":
            out += ",但答案已经结束"
        elif found is not None:
            out = _cat(out, ",却遇到了", found)
        return out
    return None


# ----------------------------------------------------------------------------- predict.py

@_rule(r"could not read your answer: (.*)")
def _unreadable(m: re.Match[str]) -> str:
    return "无法读取你的答案:" + localise(m.group(1), "zh")


_fixed("no answer given", "没有作答")
_fixed("name the exception type, such as RuntimeError, or answer None for no error",
       "请写出异常的类型,例如 RuntimeError;如果不会出错,请回答 None")
_fixed("the snippet raises no error", "这段代码不会抛出错误")
_fixed("the snippet does raise an error", "这段代码确实会抛出错误")
_fixed("evaluating it raises no error", "求值时不会抛出错误")
_fixed("the same items, in a different order", "元素都对,但顺序不同")
_fixed("some keys are missing", "缺少一些键")


@_rule(r"the snippet raises a different error than (.*)")
def _other_error(m: re.Match[str]) -> str:
    return _cat("这段代码抛出的错误不是", m.group(1))


@_rule(r"your answer is wrong: the value is not (.*?)(?: \(unexpected (.*)\))?")
def _wrong_value(m: re.Match[str]) -> str:
    out = _cat("你的答案不对:值不是", _thing(m.group(1)))
    return out + f"(多出了 {m.group(2)})" if m.group(2) else out


@_rule(r"(\d+) of (\d+) answers wrong")
def _answers_wrong(m: re.Match[str]) -> str:
    return f"{m.group(2)} 个答案中有 {m.group(1)} 个不对"


@_rule(r"(\d+) of (\d+) answers wrong, (\d+) not answered")
def _answers_wrong_missing(m: re.Match[str]) -> str:
    return f"{m.group(2)} 个答案中有 {m.group(1)} 个不对,{m.group(3)} 个没有作答"


@_rule(r"your program did not finish: it raised (\w[\w.]*)(?: on line (\d+))?")
def _unfinished(m: re.Match[str]) -> str:
    where = f"在第 {m.group(2)} 行" if m.group(2) else ""
    return f"你的程序没有运行完:它{where}抛出了 {m.group(1)}"


@_rule(r"(\d+) of (\d+) questions not answered")
def _not_answered(m: re.Match[str]) -> str:
    return f"{m.group(2)} 个问题中有 {m.group(1)} 个没有作答"


@_rule(r"(\d+) answers given but (\S+) has (\d+) question\(s\)")
def _too_many(m: re.Match[str]) -> str:
    return f"给出了 {m.group(1)} 个答案,但 {m.group(2)} 只有 {m.group(3)} 个问题"


@_rule(r"the exercise's snippet could not run \((.*)\); report this to your instructor")
def _snippet_failed(m: re.Match[str]) -> str:
    return _cat("练习的代码片段无法运行(", m.group(1), ");请告诉你的老师")


# ----------------------------------------------------------------------------- printed.py

@_rule(r"the printed text differs from yours at (.*) \(token (\d+)\)")
def _printed_at(m: re.Match[str]) -> str:
    return _cat(f"打印的内容与你的答案在第 {m.group(2)} 处不同(你写的是", m.group(1), ")")


@_rule(r"the printed text differs at token (\d+): it shows (.*), you wrote (.*)")
def _printed_revealed(m: re.Match[str]) -> str:
    return _cat(f"打印的内容在第 {m.group(1)} 处不同:实际是", m.group(2), ",你写的是",
                m.group(3))


@_rule(r"the printed text goes on after your answer ends(?:: (.*))?")
def _printed_longer(m: re.Match[str]) -> str:
    out = "你的答案结束后,打印的内容还没有完"
    return _cat(out, ":", m.group(1)) if m.group(1) else out


@_rule(r"your answer has extra text: (.*)")
def _printed_shorter(m: re.Match[str]) -> str:
    return _cat("你的答案多出了内容:", m.group(1))


# ----------------------------------------------------------------------------- code.py

def _raised(kind: str, line: str | None, message: str, verb: str) -> str:
    where = f"在第 {line} 行" if line else ""
    return _cat(f"你的代码{where}{verb}", kind, ":", message)


@_rule(r"(\d+) of (\d+) checks failed(?:; your code raised (\S+?)(?: on line (\d+))?: (.*))?")
def _checks_failed(m: re.Match[str]) -> str:
    out = f"{m.group(2)} 项检查中有 {m.group(1)} 项未通过"
    if m.group(3):
        out += ";" + _raised(m.group(3), m.group(4), m.group(5), "抛出了")
    return out


@_rule(r"your code has an? (\S+?)(?: on line (\d+))?: (.*)")
def _syntax(m: re.Match[str]) -> str:
    return _raised(m.group(1), m.group(2), m.group(3), "有")


@_rule(r"the reference solution of (\S+) is missing")
def _no_reference(m: re.Match[str]) -> str:
    return _cat(m.group(1), "的参考答案不存在")


@_rule(r"the reference solution of (\S+) failed: (.*)")
def _reference_failed(m: re.Match[str]) -> str:
    return _cat(m.group(1), "的参考答案运行失败:", m.group(2))


@_rule(r"check (.*) fails on the reference solution: (.*)")
def _check_fails_on_reference(m: re.Match[str]) -> str:
    return _cat("检查", m.group(1), "在参考答案上失败:", m.group(2))


# ----------------------------------------------------------------------------- compare.py

@_rule(r"could not read the (expected|compared) value \((.*)\)")
def _malformed(m: re.Match[str]) -> str:
    who = "参考值" if m.group(1) == "expected" else "要比较的值"
    return _cat(f"无法读取{who}(", m.group(2), ")")


@_rule(r"could not compare the values \((\w+)\)")
def _incomparable(m: re.Match[str]) -> str:
    return _cat("无法比较这些值(", m.group(1), ")")


@_rule(r"…and (\d+) more")
def _more(m: re.Match[str]) -> str:
    return f"……另有 {m.group(1)} 处不同"


@_rule(r"at ((?:\[[^\]]*\])+): (.*)")
def _at_path(m: re.Match[str]) -> str:
    return _cat("在", m.group(1), "处:", _tail(m.group(2))[0])


_ATTRIBUTES = r"dtype|requires_grad|grad_fn|is_leaf|\.grad|shape"


@_rule(rf"({_ATTRIBUTES}) differs: (.*)")
def _attribute(m: re.Match[str]) -> str:
    name = "形状" if m.group(1) == "shape" else m.group(1)
    tail, concealed = _tail(m.group(2))
    return _cat(name, "不对:" if concealed else "不同:", tail)


@_rule(r"the value differs: (.*)")
def _value(m: re.Match[str]) -> str:
    tail, concealed = _tail(m.group(1))
    return ("值不对:" if concealed else "值不同:") + tail


@_rule(r"the values differ at index (\[[^\]]*\]): (.*?)(?: \((\d+) of (\d+) values differ\))?")
def _values_at(m: re.Match[str]) -> str:
    tail, concealed = _tail(m.group(2))
    word = "不对" if concealed else "不同"
    out = _cat("索引", m.group(1), f"处的值{word}:", tail)
    if m.group(3):
        out += f"(共 {m.group(4)} 个值,其中 {m.group(3)} 个{word})"
    return out


_fixed("the number is right, but its type differs (an int is written without a dot)",
       "数值是对的,但类型不同(整数不带小数点)")
_fixed("the values are right; only the dtype differs", "数值是对的,只是 dtype 不同")
_fixed("the values are right, but it has no grad_fn: it is not connected to the graph "
       "(computed under no_grad, detached, or from tensors that do not require grad)",
       "数值是对的,但它没有 grad_fn:它没有连到计算图上(可能是在 no_grad 下算的、"
       "被 detach 了,或者来自不需要梯度的张量)")
_fixed("the values are right; what differs is how it takes part in autograd",
       "数值是对的,不同的是它和自动求导(计算图)的关系")
_fixed("the number is right, but a 0-dim tensor and a one-element tensor differ: "
       "tensor(3.) has shape (), tensor([3.]) has shape (1,)",
       "数值是对的,但 0 维张量和只有一个元素的张量不一样:tensor(3.) 的形状是 (),"
       "tensor([3.]) 的形状是 (1,)")
_fixed("the values cannot be compared: the tensor has more than 10 000 elements "
       "(check a summary such as .sum() instead)",
       "无法比较这些值:张量超过 10 000 个元素(请改为检查 .sum() 之类的汇总值)")
_fixed("torch prints these values as floats, e.g. 2. rather than 2",
       "torch 会把这些值打印成浮点数,例如 2. 而不是 2")


@_rule(r"torch prints grad_fn=<(.*)> for it: it is not a leaf")
def _not_a_leaf(m: re.Match[str]) -> str:
    return f"torch 会为它打印 grad_fn=<{m.group(1)}>:它不是叶子张量"


@_rule(r"it is (a tuple|a list), which Python prints with (.*)")
def _brackets(m: re.Match[str]) -> str:
    return _cat("它是", _KINDS[m.group(1)], ",Python 用", m.group(2), "打印它")


@_rule(r"same items in a different order: expected (.*)")
def _order(m: re.Match[str]) -> str:
    return _cat("元素相同,但顺序不同:应为", m.group(1))


@_rule(r"(missing|unexpected) keys? (.*)")
def _keys(m: re.Match[str]) -> str:
    return _cat("缺少键" if m.group(1) == "missing" else "多出了键", m.group(2))


def _counts(text: str) -> str:
    parts = []
    for part in text.split("; "):
        m = re.fullmatch(r"(missing|unexpected) (.*)", part, re.DOTALL)
        if m is None:
            return f"({text})"
        parts.append(_cat("缺少" if m.group(1) == "missing" else "多出了", m.group(2)))
    return "(" + ";".join(parts) + ")"


@_rule(r"expected (\d+ items?), got (\d+)(?: \((.*)\))?")
def _lengths(m: re.Match[str]) -> str:
    out = _cat("应有", _thing(m.group(1)), ",实际有", _thing(m.group(2) + " items"))
    return out + _counts(m.group(3)) if m.group(3) else out


@_rule(r"expected evaluating it to raise (.*?), got (.*)")
def _should_raise(m: re.Match[str]) -> str:
    return _cat("求值时应抛出", m.group(1), ",实际得到", _thing(m.group(2)))


@_rule(r"expected (.*?), but evaluating it raised (.*)")
def _raised_instead(m: re.Match[str]) -> str:
    return _cat("应为", _thing(m.group(1)), ",但求值时抛出了", m.group(2))


@_rule(r"expected (int|float|complex) (.*?), got (.*)")
def _number(m: re.Match[str]) -> str:
    kind = {"int": "整数", "float": "浮点数", "complex": "复数"}[m.group(1)]
    return _cat("应为", kind, m.group(2), ",实际是", m.group(3))


@_rule(r"expected (.*?), got (.*)")
def _generic(m: re.Match[str]) -> str:
    return _expected_got(m.group(1), m.group(2))


# Last: a sentence that merely ends "at column N" (a Python message) is not a parse error.
@_rule(_WHERE.pattern)
def _parse_error(m: re.Match[str]) -> str | None:
    message = parse_message(m.group(1))
    if message is None:  # "... at column N" but not a parse error: other rules may know it
        return None
    where = f"第 {m.group(2)} 行第 {m.group(3)} 列" if m.group(2) else f"第 {m.group(3)} 列"
    return f"{message}({where})"
