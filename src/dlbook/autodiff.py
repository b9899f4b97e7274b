r"""Automatic differentiation in a page of Python: reverse mode with :class:`Value`, forward mode with :class:`Dual`.

Reverse mode (backpropagation)
    A :class:`Value` holds a NumPy array (a 0-d array for a scalar), the array
    ``grad`` of the same shape, the nodes it was computed from (``parents``) and a
    *vector-Jacobian product* ``vjp``: the local rule that turns the gradient arriving
    at the node (the upstream gradient) into one gradient for each parent (the
    downstream gradients). Arithmetic on values records the computational graph;
    :meth:`Value.backward` visits it in reverse topological order and applies each
    node's rule, adding up the contributions to a node that is used more than once.
    Each rule keeps the numbers it needs from the forward pass when the node is made,
    so changing a node's ``data`` afterwards does not change the gradients.

Forward mode (dual numbers)
    A :class:`Dual` carries a value and a tangent, the derivative of that value along
    one chosen direction of the inputs. Every operation updates both at once, so one
    evaluation of a function gives one directional derivative. :class:`Dual` supports
    the same operators (``+ - * / ** @``), methods (``exp``, ``log``, ``sin``, ``cos``,
    ``tanh``, ``sigmoid``, ``relu``, ``maximum``, ``sum``, ``mean``) and the function
    :func:`maximum` as :class:`Value`, so one Python function can be differentiated
    in either mode.

The code that the book shows is the mathematics; the checks of the arguments live in
the private ``_check_...`` helpers at the end of the module.

Examples
--------
>>> x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
>>> f = (x + y) * z
>>> f.backward()
>>> float(f.data), float(x.grad), float(y.grad), float(z.grad)
(-12.0, -4.0, -4.0, 3.0)
>>> d = Dual(2.0, 1.0) * Dual(3.0) + Dual(2.0, 1.0).sin()
>>> round(float(d.value), 3), round(float(d.tangent), 3)
(6.909, 2.584)
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping

import numpy as np
from scipy.special import expit

from ._checks import _describe, as_array, flag, integer

__all__ = ["Value", "maximum", "topological_order", "draw_graph", "Dual"]

# The symbols drawn inside the operation nodes of a graph.
_SYMBOLS = {"add": "+", "sub": "−", "mul": "×", "div": "÷", "neg": "neg", "matmul": "@",
            "sum": "Σ", "exp": "exp", "log": "log",
            "sin": "sin", "cos": "cos", "tanh": "tanh", "sigmoid": "σ", "relu": "relu",
            "max": "max"}


class Value:
    r"""A node of a computational graph: an array, its gradient, and how it was made.

    Parameters
    ----------
    data : float or array_like
        The node's value; stored as a float NumPy array (0-d for a scalar), a copy of
        ``data``. The inputs of a computation (nodes without parents) must be finite.
    parents : tuple of Value, optional
        The nodes this one was computed from (empty for an input).
    op : str, optional
        The name of the operation, e.g. ``"mul"``; shown when the graph is drawn.
    vjp : callable, optional
        Required when there are parents: ``vjp(g)`` receives the upstream gradient
        :math:`g = \partial f/\partial\,\mathrm{self}` (shaped like ``data``) and returns
        a tuple with one downstream gradient per parent,
        :math:`g \cdot \partial\,\mathrm{self}/\partial\,\mathrm{parent}` (a
        vector-Jacobian product). Each is shaped like its parent, or like the result
        when the parent was broadcast to the result's shape (it is then summed back to
        the parent's shape). Any other shape raises a ``ValueError`` naming ``op``.
    label : str, optional
        A name for drawing and printing, e.g. ``"x"``.

    Attributes
    ----------
    grad : numpy.ndarray
        :math:`\partial f/\partial\,\mathrm{self}` after ``f.backward()``; zeros before.

    Examples
    --------
    >>> w = Value([1.0, -2.0], label="w")
    >>> loss = (w * w).sum()
    >>> loss.backward()
    >>> w.grad
    array([ 2., -4.])
    """

    # Let NumPy hand ``array * value`` and ``array @ value`` over to Value's own methods.
    __array_ufunc__ = None
    _constant = False  # True for the numbers and arrays that _lift wraps

    def __init__(self, data, parents: tuple = (), op: str = "", vjp: Callable | None = None,
                 label: str = ""):
        _check_node(data, parents, op, vjp, label)
        self.data = np.array(data, dtype=float)  # a copy: the graph owns its numbers
        self.grad = np.zeros_like(self.data)
        self.parents = tuple(parents)
        self.op = op
        self.vjp = vjp
        self.label = label

    @property
    def shape(self) -> tuple:
        """The shape of ``data`` (``()`` for a scalar)."""
        return self.data.shape

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        data = np.array2string(self.data, precision=4, suppress_small=True)
        grad = np.array2string(self.grad, precision=4, suppress_small=True)
        return f"Value({name}data={data}, grad={grad})"

    # -- arithmetic: each operation computes its value and states its local rule ----------
    def __add__(self, other) -> Value:
        other = _operand(self, other, "+")
        return Value(self.data + other.data, (self, other), "add", lambda g: (g, g))

    def __mul__(self, other) -> Value:
        other = _operand(self, other, "*")
        a, b = self.data.copy(), other.data.copy()  # kept for the backward pass
        return Value(a * b, (self, other), "mul", lambda g: (g * b, g * a))

    def __truediv__(self, other) -> Value:
        other = _operand(self, other, "/")
        a, b = self.data.copy(), other.data.copy()
        return Value(a / b, (self, other), "div", lambda g: (g / b, -g * a / b**2))

    def __pow__(self, exponent) -> Value:
        p = _check_exponent(exponent, self.data)
        x = self.data.copy()
        return Value(x**p, (self,), f"^{p:g}", lambda g: (g * p * x ** (p - 1),))

    def __neg__(self) -> Value:
        return Value(-self.data, (self,), "neg", lambda g: (-g,))

    def __sub__(self, other) -> Value:
        other = _operand(self, other, "-")
        return Value(self.data - other.data, (self, other), "sub", lambda g: (g, -g))

    def __matmul__(self, other) -> Value:
        other = _operand(self, other, "@")
        a, b = self.data.copy(), other.data.copy()
        a2 = a.reshape(-1, a.shape[-1])  # a vector on the left is a row
        b2 = b.reshape(b.shape[0], -1)  # a vector on the right is a column

        def vjp(g):
            g2 = np.reshape(g, (a2.shape[0], b2.shape[1]))
            return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)

        return Value(a @ b, (self, other), "matmul", vjp)

    def __radd__(self, other) -> Value:
        return _lift(other) + self

    def __rmul__(self, other) -> Value:
        return _lift(other) * self

    def __rsub__(self, other) -> Value:
        return _lift(other) - self

    def __rtruediv__(self, other) -> Value:
        return _lift(other) / self

    def __rmatmul__(self, other) -> Value:
        return _lift(other) @ self

    # -- functions ---------------------------------------------------------------------
    def sum(self, axis: int | None = None) -> Value:
        """The sum of the entries, or along one ``axis``; the gradient is copied back to each."""
        axis, shape = _check_axis(axis, self.data.ndim), self.shape
        expand = (lambda g: g) if axis is None else (lambda g: np.expand_dims(g, axis))
        return Value(self.data.sum(axis=axis), (self,), "sum",
                     lambda g: (np.broadcast_to(expand(g), shape),))

    def mean(self, axis: int | None = None) -> Value:
        """The mean of the entries, or along one ``axis``: the sum divided by the count."""
        axis = _check_axis(axis, self.data.ndim)
        count = self.data.size if axis is None else self.shape[axis]
        return self.sum(axis) / count

    def exp(self) -> Value:
        """:math:`e^x`, whose derivative is itself."""
        e = np.exp(self.data)
        return Value(e, (self,), "exp", lambda g: (g * e,))

    def log(self) -> Value:
        """The natural logarithm; the derivative is :math:`1/x` (inputs must be positive)."""
        x = _check_positive(self.data, "log").copy()
        return Value(np.log(x), (self,), "log", lambda g: (g / x,))

    def sin(self) -> Value:
        """:math:`\\sin x`, with derivative :math:`\\cos x`."""
        cos_x = np.cos(self.data)
        return Value(np.sin(self.data), (self,), "sin", lambda g: (g * cos_x,))

    def cos(self) -> Value:
        """:math:`\\cos x`, with derivative :math:`-\\sin x`."""
        sin_x = np.sin(self.data)
        return Value(np.cos(self.data), (self,), "cos", lambda g: (-g * sin_x,))

    def tanh(self) -> Value:
        """:math:`\\tanh x`, with derivative :math:`1 - \\tanh^2 x`."""
        t = np.tanh(self.data)
        return Value(t, (self,), "tanh", lambda g: (g * (1 - t**2),))

    def sigmoid(self) -> Value:
        """:math:`\\sigma(x) = 1/(1 + e^{-x})` as one gate, with :math:`\\sigma' = \\sigma(1 - \\sigma)`."""
        s = expit(self.data)
        return Value(s, (self,), "sigmoid", lambda g: (g * s * (1 - s),))

    def relu(self) -> Value:
        """:math:`\\max(0, x)`; the gradient passes where :math:`x > 0` (and not at 0)."""
        passes = self.data > 0
        return Value(np.maximum(self.data, 0.0), (self,), "relu", lambda g: (g * passes,))

    def maximum(self, other) -> Value:
        """The entry-wise maximum of ``self`` and ``other``: the larger one receives the gradient.

        At a tie the whole gradient goes to ``self`` (as in TensorFlow).
        """
        other = _operand(self, other, "maximum")
        self_wins = self.data >= other.data
        return Value(np.maximum(self.data, other.data), (self, other), "max",
                     lambda g: (g * self_wins, g * ~self_wins))

    # -- backpropagation ---------------------------------------------------------------
    def propagate(self) -> None:
        """Pass this node's gradient to its parents: each parent's ``grad`` += its share.

        This is one step of :meth:`backward`, exposed so that a backward pass can be
        watched node by node. It does nothing for an input (a node without parents).
        """
        if self.parents:
            grads = _check_vjp_result(self, self.vjp(self.grad))
            for parent, grad in zip(self.parents, grads):
                parent.grad += _unbroadcast(grad, parent.shape)

    def backward(self, seed=None) -> None:
        """Fill ``grad`` of every node this one depends on with the derivative of this node.

        Parameters
        ----------
        seed : array_like, optional
            The gradient to start from, shaped like this node. By default 1, which requires
            a scalar (one-entry) node: then ``node.grad`` becomes
            :math:`\\partial\\,\\mathrm{self}/\\partial\\,\\mathrm{node}`. A seed
            :math:`\\mathbf v` for a vector-valued node gives the vector-Jacobian products
            :math:`\\mathbf v^\\top\\,\\partial\\,\\mathrm{self}/\\partial\\,\\mathrm{node}`.

        Notes
        -----
        Every call starts from zero gradients, so calling it twice gives the same result.
        The graph is walked without recursion, so it may be arbitrarily deep.
        """
        seed = _check_seed(seed, self)  # 1 for a single number
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = seed
        for node in reversed(order):  # every node after all the nodes that use it
            node.propagate()


def _unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``grad`` over the axes along which an input of ``shape`` was broadcast."""
    while grad.ndim > len(shape):  # axes that broadcasting added in front
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):  # axes of length 1 that broadcasting stretched
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _lift(other) -> Value:
    """Wrap a number or an array as a constant node of the graph."""
    if isinstance(other, Value):
        return other
    if isinstance(other, (Dual, bool, np.bool_)) or not isinstance(
            other, (numbers.Real, np.ndarray, list, tuple)):
        raise TypeError(f"a Value can be combined with a number, a NumPy array or another "
                        f"Value, got {_describe(other)}.")
    constant = Value(as_array(other, "the other operand"))
    constant._constant = True
    return constant


def maximum(a, b):
    """The entry-wise maximum of ``a`` and ``b``; the gradient is routed to the larger one.

    At a tie, the whole gradient goes to ``a`` (as in TensorFlow). This is
    :meth:`Value.maximum` (or :meth:`Dual.maximum`) written as a function.

    Parameters
    ----------
    a, b : Value, Dual, float or array_like
        At least one should be a :class:`Value` (or a :class:`Dual`, for forward mode);
        numbers and arrays become constants. A Value and a Dual cannot be mixed.

    Returns
    -------
    Value or Dual
    """
    if isinstance(a, Dual) or isinstance(b, Dual):
        return _dual(a).maximum(b)
    return _lift(a).maximum(b)


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, each listed after all of its parents.

    Parameters
    ----------
    root : Value
        The node the graph ends in (usually the loss).

    Returns
    -------
    list of Value
        Inputs first and ``root`` last; a node used several times appears once. The
        search keeps its own stack instead of recursing, so the graph may be of any depth.
    """
    _check_value(root, "root")
    order, seen = [], {root}
    stack = [(root, iter(root.parents))]  # a depth-first search with its own stack
    while stack:
        node, parents = stack[-1]
        parent = next((p for p in parents if p not in seen), None)
        if parent is None:  # all of the node's parents are listed: list the node
            stack.pop()
            order.append(node)
        else:  # list the parent (and its parents) first
            seen.add(parent)
            stack.append((parent, iter(parent.parents)))
    return order


# -- drawing ---------------------------------------------------------------------------
def _short(array) -> str:
    """A number or a small array as short text, for drawings and captions."""
    array = np.asarray(array, dtype=float)
    if array.size == 1:
        return f"{float(array.reshape(())):.3g}"
    if array.size <= 4:
        return np.array2string(array.ravel(), precision=2, separator=", ")
    return f"shape {array.shape}"


def _node_text(node: Value) -> str:
    """What is written inside a node: its label, or its operation with any constants folded in."""
    if not node.parents:
        return node.label or "input"
    symbol = _SYMBOLS.get(node.op, node.op)
    constants = [_short(p.data) for p in node.parents if p._constant]
    if node.op in ("add", "mul") and constants:
        return f"{symbol}{constants[0]}"
    if node.op in ("sub", "div") and constants:  # e.g. "÷2", or "1/·" for 1 divided by the input
        first = node.parents[0]._constant
        return f"{constants[0]}{'/' if node.op == 'div' else symbol}·" if first \
            else f"{symbol}{constants[0]}"
    return symbol


def _layout(root: Value) -> dict[Value, tuple[float, float]]:
    """Columns by distance from the root (inputs next to their first use), rows as in a tree."""
    nodes = [n for n in topological_order(root) if not n._constant]
    depth = {root: 0}
    for node in reversed(nodes):  # consumers before their parents
        for parent in node.parents:
            if not parent._constant:
                depth[parent] = max(depth.get(parent, 0), depth[node] + 1)
    rows: dict[Value, float] = {}
    inputs: list[Value] = []
    for node in nodes:  # in the order of a depth-first walk: parents first
        parents = [p for p in node.parents if not p._constant]
        if parents:  # an operation sits at the mean row of its parents
            rows[node] = float(np.mean([rows[p] for p in parents]))
        else:  # an input takes a fresh row
            rows[node] = float(len(inputs))
            inputs.append(node)
    width = max(depth.values())
    return {n: (float(width - depth[n]), -rows[n]) for n in nodes}


def draw_graph(root: Value, ax=None, *, values=True, grads=True, highlight=None,
               title: str | None = None):
    """Draw the computational graph that ends in ``root``, with values and gradients.

    Inputs are boxes with their labels, operations are circles with their symbols
    (constants are folded into the symbol, e.g. ``+1``). Each node's value is written
    above it in blue and its gradient below it in vermillion, the book's colours for the
    forward and the backward pass.

    Parameters
    ----------
    root : Value
        The last node of the graph.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    values, grads : bool or dict, default True
        Whether to write every node's ``data`` (``grad``), or a dict that maps some nodes
        to the arrays to write for them (used to show a pass half-way through).
    highlight : Value, optional
        A node to mark as the one being computed.
    title : str, optional
        The axes title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .plots import COLORS, new_axes

    _check_value(root, "root")
    values, grads = _check_shown(values, "values"), _check_shown(grads, "grads")
    if highlight is not None:
        _check_value(highlight, "highlight")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string, got {_describe(title)}.")
    ax = new_axes(ax)
    position = _layout(root)
    size = 26  # the diameter of a node, in points
    for node, (x, y) in position.items():
        for parent in node.parents:
            if parent in position:
                ax.annotate("", xy=(x, y), xytext=position[parent],
                            arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.2,
                                        "shrinkA": size / 2 + 1, "shrinkB": size / 2 + 1})
    for node, (x, y) in position.items():
        marked = node is highlight
        ax.plot(x, y, marker="o" if node.parents else "s", markersize=size, zorder=3,
                markerfacecolor=COLORS["yellow"] if marked else "white",
                markeredgecolor=COLORS["orange"] if marked else COLORS["black"],
                markeredgewidth=2.5 if marked else 1.2)
        text = _node_text(node)
        ax.text(x, y, text, ha="center", va="center", fontsize=10 if len(text) < 3 else 7.5,
                zorder=4)
        for shown, attribute, sign, colour in ((values, "data", 1, "blue"),
                                               (grads, "grad", -1, "vermillion")):
            number = _shown(node, shown, attribute)
            if number is not None:  # values above the node, gradients below it
                ax.annotate(_short(number), (x, y), xytext=(0, sign * (size / 2 + 2)),
                            textcoords="offset points", ha="center",
                            va="bottom" if sign > 0 else "top", color=COLORS[colour],
                            fontsize=9, zorder=4)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    if title is not None:
        ax.set_title(title)
    return ax


def _shown(node: Value, shown, attribute: str):
    if shown is True:
        return getattr(node, attribute)
    if shown is False or node not in shown:
        return None
    return shown[node]


# -- forward mode ------------------------------------------------------------------------
class Dual:
    r"""A dual number :math:`a + b\varepsilon` with :math:`\varepsilon^2 = 0`: a value and its tangent.

    If the inputs of a computation are dual numbers whose tangents form a direction
    :math:`\mathbf d`, every intermediate result carries its value and its derivative
    along :math:`\mathbf d` (the *tangent*), because
    :math:`f(a + b\varepsilon) = f(a) + f'(a)\,b\,\varepsilon`. Seeding input :math:`i`
    with tangent 1 and the others with 0 gives :math:`\partial/\partial x_i` of everything.
    It supports the same operations as :class:`Value`.

    Parameters
    ----------
    value : float or array_like
        The value :math:`a` (copied).
    tangent : float or array_like, default 0
        The tangent :math:`b` (0 for a constant); broadcastable to ``value``'s shape.

    Examples
    --------
    >>> x = Dual(3.0, 1.0)
    >>> y = x * x + 2 * x
    >>> float(y.value), float(y.tangent)
    (15.0, 8.0)
    """

    __array_ufunc__ = None

    def __init__(self, value, tangent=0.0):
        self.value, self.tangent = _check_dual(value, tangent)

    @property
    def shape(self) -> tuple:
        """The shape of ``value`` (``()`` for a scalar)."""
        return self.value.shape

    def __repr__(self) -> str:
        value = np.array2string(self.value, precision=4, suppress_small=True)
        tangent = np.array2string(self.tangent, precision=4, suppress_small=True)
        return f"Dual(value={value}, tangent={tangent})"

    @staticmethod
    def _result(value, tangent) -> Dual:
        out = Dual.__new__(Dual)  # results of operations may overflow, so skip the checks
        out.value, out.tangent = np.asarray(value, dtype=float), np.asarray(tangent, dtype=float)
        return out

    def __add__(self, other) -> Dual:
        other = _dual_operand(self, other, "+")
        return Dual._result(self.value + other.value, self.tangent + other.tangent)

    def __sub__(self, other) -> Dual:
        other = _dual_operand(self, other, "-")
        return Dual._result(self.value - other.value, self.tangent - other.tangent)

    def __mul__(self, other) -> Dual:
        other = _dual_operand(self, other, "*")
        return Dual._result(self.value * other.value,
                            self.tangent * other.value + self.value * other.tangent)

    def __truediv__(self, other) -> Dual:
        other = _dual_operand(self, other, "/")
        return Dual._result(self.value / other.value,
                            (self.tangent * other.value - self.value * other.tangent)
                            / other.value**2)

    def __pow__(self, exponent) -> Dual:
        p = _check_exponent(exponent, self.value)
        return Dual._result(self.value**p, p * self.value ** (p - 1) * self.tangent)

    def __matmul__(self, other) -> Dual:
        other = _dual_operand(self, other, "@")
        return Dual._result(self.value @ other.value,
                            self.tangent @ other.value + self.value @ other.tangent)

    def __neg__(self) -> Dual:
        return Dual._result(-self.value, -self.tangent)

    def __radd__(self, other) -> Dual:
        return _dual(other) + self

    def __rsub__(self, other) -> Dual:
        return _dual(other) - self

    def __rmul__(self, other) -> Dual:
        return _dual(other) * self

    def __rtruediv__(self, other) -> Dual:
        return _dual(other) / self

    def __rmatmul__(self, other) -> Dual:
        return _dual(other) @ self

    def sum(self, axis: int | None = None) -> Dual:
        """The sum of the entries, or along one ``axis``; the tangents add up alike."""
        axis = _check_axis(axis, self.value.ndim)
        return Dual._result(self.value.sum(axis=axis), self.tangent.sum(axis=axis))

    def mean(self, axis: int | None = None) -> Dual:
        """The mean of the entries, or along one ``axis``."""
        axis = _check_axis(axis, self.value.ndim)
        return Dual._result(self.value.mean(axis=axis), self.tangent.mean(axis=axis))

    def sin(self) -> Dual:
        """:math:`\\sin`, with tangent :math:`\\cos(a)\\,b`."""
        return Dual._result(np.sin(self.value), np.cos(self.value) * self.tangent)

    def cos(self) -> Dual:
        """:math:`\\cos`, with tangent :math:`-\\sin(a)\\,b`."""
        return Dual._result(np.cos(self.value), -np.sin(self.value) * self.tangent)

    def exp(self) -> Dual:
        """:math:`e^a`, with tangent :math:`e^a\\,b`."""
        e = np.exp(self.value)
        return Dual._result(e, e * self.tangent)

    def log(self) -> Dual:
        """The natural logarithm, with tangent :math:`b/a` (the value must be positive)."""
        a = _check_positive(self.value, "log")
        return Dual._result(np.log(a), self.tangent / a)

    def tanh(self) -> Dual:
        """:math:`\\tanh`, with tangent :math:`(1 - \\tanh^2 a)\\,b`."""
        t = np.tanh(self.value)
        return Dual._result(t, (1 - t**2) * self.tangent)

    def sigmoid(self) -> Dual:
        """:math:`\\sigma`, with tangent :math:`\\sigma(a)(1 - \\sigma(a))\\,b`."""
        s = expit(self.value)
        return Dual._result(s, s * (1 - s) * self.tangent)

    def relu(self) -> Dual:
        """:math:`\\max(0, a)`, with tangent :math:`b` where :math:`a > 0` and 0 elsewhere."""
        return Dual._result(np.maximum(self.value, 0.0), (self.value > 0) * self.tangent)

    def maximum(self, other) -> Dual:
        """The entry-wise maximum, with the tangent of the larger one (of ``self`` at a tie)."""
        other = _dual_operand(self, other, "maximum")
        self_wins = self.value >= other.value
        return Dual._result(np.maximum(self.value, other.value),
                            np.where(self_wins, self.tangent, other.tangent))


def _dual(other) -> Dual:
    """Wrap a number or array as a constant dual number (tangent 0)."""
    if isinstance(other, Dual):
        return other
    if isinstance(other, (Value, bool, np.bool_)) or not isinstance(
            other, (numbers.Real, np.ndarray, list, tuple)):
        raise TypeError(f"a Dual can be combined with a number, a NumPy array or another "
                        f"Dual, got {_describe(other)}.")
    return Dual(as_array(other, "the other operand"), 0.0)


# -- checks of the arguments (kept out of the code the book shows) ----------------------
def _check_value(node, name: str) -> None:
    if not isinstance(node, Value):
        raise TypeError(f"{name} must be a Value, got {_describe(node)}.")


def _check_node(data, parents, op, vjp, label) -> None:
    """The arguments of Value(...): real data (finite for an input), parents, a rule, names."""
    if not isinstance(parents, (tuple, list)) or not all(isinstance(p, Value)
                                                           for p in parents):
        raise TypeError(f"parents must be a tuple of Value objects, got {_describe(parents)}.")
    if parents and not callable(vjp):
        raise TypeError("a node with parents needs vjp, a function that maps the upstream "
                        "gradient to one gradient per parent, e.g. "
                        "vjp=lambda g: (g * b.data, g * a.data) for a * b.")
    if not isinstance(op, str) or not isinstance(label, str):
        raise TypeError(f"op and label must be strings, got {_describe(op)} and "
                        f"{_describe(label)}.")
    if isinstance(data, (Value, Dual)):
        raise TypeError(f"data must be a number or an array, got a {type(data).__name__}; "
                        f"use the node itself, or its .data.")
    as_array(data, "data", finite=not parents)  # results of operations may overflow


def _broadcast_shape(a: tuple, b: tuple, op: str) -> tuple:
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        raise ValueError(f"operation {op!r} needs operands whose shapes broadcast against "
                         f"each other, got shapes {a} and {b}.") from None


def _check_matmul(a: tuple, b: tuple) -> None:
    if len(a) not in (1, 2) or len(b) not in (1, 2):
        raise ValueError(f"@ needs vectors or matrices (1-D or 2-D), got shapes {a} and {b}.")
    if a[-1] != b[0]:
        raise ValueError(f"@ needs matching inner dimensions, got shapes {a} and {b}; "
                         f"transpose one of them or check the order.")


def _check_shapes(a: tuple, b: tuple, op: str) -> None:
    """Operands of shapes ``a`` and ``b`` fit ``op``: a matrix product or element-wise."""
    if op == "@":
        _check_matmul(a, b)
    else:
        _broadcast_shape(a, b, op)


def _operand(node: Value, other, op: str) -> Value:
    """``other`` as a node (constants wrapped), after checking that its shape fits ``node``'s."""
    other = _lift(other)
    _check_shapes(node.shape, other.shape, op)
    return other


def _dual_operand(dual: Dual, other, op: str) -> Dual:
    other = _dual(other)
    _check_shapes(dual.shape, other.shape, op)
    return other


def _check_exponent(exponent, base: np.ndarray) -> float:
    if isinstance(exponent, (bool, np.bool_)) or not isinstance(exponent, numbers.Real):
        raise TypeError(f"the exponent must be a constant number, got {_describe(exponent)}; "
                        f"for a Value y as the exponent write (y * x.log()).exp().")
    p = float(exponent)
    if not np.isfinite(p):
        raise ValueError(f"the exponent must be finite, got {p}.")
    if p != round(p) and np.any(base < 0):
        raise ValueError(f"a fractional power ({p:g}) needs non-negative inputs, got a smallest "
                         f"value of {base.min():.4g}.")
    return p


def _check_positive(x: np.ndarray, op: str) -> np.ndarray:
    if not np.all(x > 0):
        smallest = np.nan if np.all(np.isnan(x)) else np.nanmin(x)
        raise ValueError(f"{op} needs positive inputs, got a smallest value of {smallest:.4g}"
                         f"{' (and NaN)' if np.any(np.isnan(x)) else ''}; add a small "
                         f"constant or clip first.")
    return x


def _check_axis(axis, ndim: int) -> int | None:
    if axis is None:
        return None
    if ndim == 0:
        raise ValueError("axis must be None for a scalar, which has no axes.")
    return integer(axis, "axis", minimum=-ndim, maximum=ndim - 1) % ndim


def _check_seed(seed, node: Value) -> np.ndarray:
    if seed is None:
        if node.data.size != 1:
            raise ValueError(f"backward() without a seed needs a single number, but this "
                             f"node has shape {node.shape}; reduce it first (e.g. .sum()) "
                             f"or pass seed=, an array of that shape.")
        return np.ones_like(node.data)
    return np.array(as_array(seed, "seed", shape=node.shape), dtype=float)


def _check_vjp_result(node: Value, grads) -> list[np.ndarray]:
    """The gradients a local rule returned, one real array per parent, each of a usable shape."""
    if not isinstance(grads, (tuple, list)) or len(grads) != len(node.parents):
        raise ValueError(f"the vjp of operation {node.op!r} must return a tuple with one "
                         f"gradient per parent ({len(node.parents)}), got {_describe(grads)}.")
    checked = []
    for i, (parent, grad) in enumerate(zip(node.parents, grads)):
        grad = as_array(grad, f"the gradient that the vjp of operation {node.op!r} returned "
                              f"for parent {i}", finite=False)
        if not _fits(grad.shape, parent.shape, node.shape):
            raise ValueError(f"the vjp of operation {node.op!r} returned a gradient of shape "
                             f"{grad.shape} for parent {i}, of shape {parent.shape} (the "
                             f"result has shape {node.shape}); return one gradient shaped "
                             f"like each parent.")
        checked.append(grad)
    return checked


def _fits(grad: tuple, parent: tuple, result: tuple) -> bool:
    """A gradient is shaped like its parent, or like the result that the parent was broadcast to."""
    if grad == parent:
        return True
    try:
        return grad == result and np.broadcast_shapes(parent, result) == result
    except ValueError:
        return False


def _check_shown(shown, name: str):
    """``values=`` or ``grads=`` of draw_graph: True, False, or a dict from nodes to arrays."""
    if isinstance(shown, Mapping):
        for key, array in shown.items():
            _check_value(key, f"every key of {name}")
        return {key: as_array(array, f"{name}[{key!r}]", finite=False)
                for key, array in shown.items()}
    try:
        return flag(shown, name)
    except TypeError:
        raise TypeError(f"{name} must be True, False or a dict from nodes to the arrays to "
                        f"show, got {_describe(shown)}.") from None


def _check_dual(value, tangent) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(value, (Value, Dual)) or isinstance(tangent, (Value, Dual)):
        raise TypeError("value and tangent of a Dual must be numbers or arrays.")
    value = np.array(as_array(value, "value"), dtype=float)  # a copy
    tangent = as_array(tangent, "tangent")
    try:
        tangent = np.broadcast_to(tangent, value.shape).astype(float)  # a copy
    except ValueError:
        raise ValueError(f"tangent must have the shape of value {value.shape} (or be "
                         f"a single number), got shape {tangent.shape}.") from None
    return value, tangent
