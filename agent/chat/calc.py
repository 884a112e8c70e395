"""A safe Decimal calculator for reviewers (``/calc``) and for the LLM's ``calculate`` tool.

Why not ``eval``: the expression comes from a user or a model.  It is parsed with ``ast`` and
only number literals, + − × ÷, parentheses, unary signs, ``%`` (percent after a number,
modulo between numbers) and small integer powers are evaluated — names, attributes, calls,
subscripts and everything else are rejected before anything runs.  Literals are read from the
source text, so ``1220.20`` stays an exact Decimal (no float round trip).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Context, Decimal, DecimalException, InvalidOperation

from agent.ingest.normalize import normalize

MAX_CHARS = 200
MAX_NODES = 100
MAX_LITERAL_DIGITS = 30
MAX_EXPONENT = 64
MAX_MAGNITUDE = Decimal("1e40")

_CTX = Context(prec=28, Emax=99, Emin=-99, traps=[InvalidOperation])
# Operators the ingest normaliser leaves alone (it already folds full-width digits, operators,
# brackets and spaces, dashes and minus signs, and drops thousands separators).
_TRANSLATE = str.maketrans({"×": "*", "✕": "*", "÷": "/", "。": "."})
_TIMES_X = re.compile(r"(?<=[\d)\s])[xX](?=[\s\d(])")
# "100%" followed by the end, an operator or ")" is a percentage: 100% -> (100/100).
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%(?=\s*(?:$|[-+*/)^%]))")


class CalcError(ValueError):
    """The expression is not something the calculator evaluates; the message says why."""


@dataclass(frozen=True)
class CalcResult:
    expression: str
    value: Decimal
    percent: bool  # the expression ended in a percent sign: show the value as a percentage too

    def text(self) -> str:
        exact = _plain(self.value)
        rounded = format(self.value.quantize(Decimal("0.01"), context=Context(prec=60)), "f")
        out = f"{self.expression} = {exact}"
        if Decimal(rounded) != Decimal(exact):
            out += f" ≈ {rounded}"
        if self.percent:
            out += f"（即 {_plain((self.value * 100).quantize(Decimal('0.01'), context=Context(prec=60)))}%）"
        return out


def _plain(v: Decimal) -> str:
    """Fixed notation, at most 6 decimals, no trailing zeros ('101.583347', '5', '-0.5')."""
    q = v.quantize(Decimal("0.000001"), context=Context(prec=60))
    s = format(q, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def normalise(expr: str) -> str:
    """Full-width digits and operators to ASCII, thousands separators removed, a trailing '=' dropped."""
    out = normalize(expr).text.translate(_TRANSLATE)
    return _TIMES_X.sub("*", out).strip().rstrip("=").strip()


def calculate(expr: str) -> CalcResult:
    """Evaluate ``expr`` exactly in Decimal; raises CalcError with a user-facing reason."""
    if not expr or not expr.strip():
        raise CalcError("算式为空（例如：1239.52/1220.20*100）")
    if len(expr) > MAX_CHARS:
        raise CalcError(f"算式超过 {MAX_CHARS} 个字符")
    src = normalise(expr)
    percent = src.endswith("%")
    src = _PERCENT.sub(r"(\1/100)", src).replace("^", "**")
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as e:
        raise CalcError(f"不是算术式：{expr.strip()!r}") from e
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise CalcError("算式过长")
    value = _Evaluator(src).visit(tree.body)
    return CalcResult(expression=expr.strip(), value=value, percent=percent)


class _Evaluator:
    """Walks the parsed tree, accepting only the node types listed in ``visit``."""

    def __init__(self, src: str) -> None:
        self.src = src

    def visit(self, node: ast.AST) -> Decimal:
        if isinstance(node, ast.Constant):
            return self._literal(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
            v = self.visit(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        raise CalcError(f"只允许数字与 + - * / ( ) %，不允许{_describe(node)}")

    def _literal(self, node: ast.Constant) -> Decimal:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise CalcError(f"只允许数字，不允许 {node.value!r}")
        text = ast.get_source_segment(self.src, node) or str(node.value)
        text = text.replace("_", "")
        if re.search(r"[eEjJxXoObB]", text):
            raise CalcError(f"请直接写出数字（不用科学计数法或进制写法）：{text!r}")
        if len(re.sub(r"\D", "", text)) > MAX_LITERAL_DIGITS:
            raise CalcError(f"数字超过 {MAX_LITERAL_DIGITS} 位")
        return Decimal(text)

    def _binop(self, node: ast.BinOp) -> Decimal:
        left, right = self.visit(node.left), self.visit(node.right)
        op = node.op
        try:
            if isinstance(op, ast.Add):
                out = _CTX.add(left, right)
            elif isinstance(op, ast.Sub):
                out = _CTX.subtract(left, right)
            elif isinstance(op, ast.Mult):
                out = _CTX.multiply(left, right)
            elif isinstance(op, ast.Div | ast.Mod):
                if right == 0:
                    raise CalcError("除数为0")
                out = _CTX.divide(left, right) if isinstance(op, ast.Div) else _CTX.remainder(left, right)
            elif isinstance(op, ast.Pow):
                if right != right.to_integral_value() or abs(right) > MAX_EXPONENT:
                    raise CalcError(f"乘方只允许不超过 {MAX_EXPONENT} 的整数指数")
                out = _CTX.power(left, int(right))
            else:
                raise CalcError(f"不允许运算符 {type(op).__name__}（请用 + - * / % 和括号）")
        except CalcError:
            raise
        except (DecimalException, ArithmeticError) as e:
            raise CalcError(f"计算错误：{type(e).__name__}") from e
        if abs(out) > MAX_MAGNITUDE:
            raise CalcError("结果过大")
        return out


def _describe(node: ast.AST) -> str:
    names = {ast.Name: "名称", ast.Attribute: "属性", ast.Call: "函数调用",
             ast.Subscript: "下标", ast.Lambda: "lambda", ast.Compare: "比较",
             ast.BoolOp: "逻辑运算"}
    for cls, label in names.items():
        if isinstance(node, cls):
            return label
    return type(node).__name__
