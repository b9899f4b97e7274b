r"""Automatic differentiation in a page of Python: reverse mode with :class:`Value`, forward mode with :class:`Dual`.

Reverse mode (backpropagation)
    A :class:`Value` holds a NumPy array (a 0-d array for a scalar), the array
    ``grad`` of the same shape, the nodes it was computed from (``parents``) and a
    *vector-Jacobian product* ``vjp``: the local rule that turns the gradient arriving
    at the node (the upstream gradient) into one gradient for each parent (the
    downstream gradients). Arithmetic on values records the computational graph;
    :meth:`Value.backward` visits it in reverse topological order and applies each
    node's rule, adding up the contributions to a node that is used more than once.

Forward mode (dual numbers)
    A :class:`Dual` carries a value and a tangent, the derivative of that value along
    one chosen direction of the inputs. Every operation updates both at once, so one
    evaluation of a function gives one directional derivative.

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

from ._checks import _describe, as_array, integer

__all__ = ["Value", "maximum", "topological_order", "draw_graph", "Dual"]

# The symbols drawn inside the operation nodes of a graph.
_SYMBOLS = {"add": "+", "sub": "−", "mul": "×", "div": "÷", "neg": "neg", "matmul": "@",
            "sum": "Σ", "exp": "exp", "log": "log",
            "sin": "sin", "cos": "cos", "tanh": "tanh", "sigmoid": "σ", "relu": "relu",
            "max": "max"}


def _unbroadcast(grad: np.ndarray, shape: tuple, op: str) -> np.ndarray:
    """Sum ``grad`` over the axes along which an input of ``shape`` was broadcast."""
    grad = np.asarray(grad, dtype=float)
    try:
        grad = np.broadcast_to(grad, np.broadcast_shapes(grad.shape, shape))
    except ValueError:
        raise ValueError(f"the vjp of operation {op!r} returned a gradient of shape {grad.shape} "
                         f"for an input of shape {shape}; return one gradient shaped like each "
                         f"input.") from None
    while grad.ndim > len(shape):  # axes that broadcasting added in front
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):  # axes of length 1 that broadcasting stretched
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    if grad.shape != tuple(shape):
        raise ValueError(f"the vjp of operation {op!r} returned a gradient of shape {grad.shape} "
                         f"for an input of shape {shape}; return one gradient shaped like each "
                         f"input.")
    return grad


class Value:
    r"""A node of a computational graph: an array, its gradient, and how it was made.

    Parameters
    ----------
    data : float or array_like
        The node's value; stored as a float NumPy array (0-d for a scalar). The inputs
        of a computation (nodes without parents) must be finite.
    parents : tuple of Value, optional
        The nodes this one was computed from (empty for an input).
    op : str, optional
        The name of the operation, e.g. ``"mul"``; shown when the graph is drawn.
    vjp : callable, optional
        Required when there are parents: ``vjp(g)`` receives the upstream gradient
        :math:`g = \partial f/\partial\,\mathrm{self}` and returns one downstream
        gradient per parent, :math:`g \cdot \partial\,\mathrm{self}/\partial\,\mathrm{parent}`
        (a vector-Jacobian product), each shaped like the result; gradients of
        broadcast parents are summed back to their shapes automatically.
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

    def __init__(self, data, parents: tuple = (), op: str = "", vjp: Callable | None = None,
                 label: str = ""):
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
        self.data = as_array(data, "data", finite=not parents)
        self.grad = np.zeros_like(self.data)
        self.parents = tuple(parents)
        self.op = op
        self.vjp = vjp
        self.label = label
        self._constant = False

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
        other = _lift(other)
        return Value(self.data + other.data, (self, other), "add", lambda g: (g, g))

    def __mul__(self, other) -> Value:
        other = _lift(other)
        return Value(self.data * other.data, (self, other), "mul",
                     lambda g: (g * other.data, g * self.data))

    def __truediv__(self, other) -> Value:
        other = _lift(other)
        return Value(self.data / other.data, (self, other), "div",
                     lambda g: (g / other.data, -g * self.data / other.data ** 2))

    def __pow__(self, exponent) -> Value:
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"the exponent must be a constant number, got {_describe(exponent)}; "
                            f"for a Value y as the exponent write (y * x.log()).exp().")
        p = float(exponent)
        return Value(self.data ** p, (self,), f"^{p:g}", lambda g: (g * p * self.data ** (p - 1),))

    def __neg__(self) -> Value:
        return Value(-self.data, (self,), "neg", lambda g: (-g,))

    def __sub__(self, other) -> Value:
        other = _lift(other)
        return Value(self.data - other.data, (self, other), "sub", lambda g: (g, -g))

    def __matmul__(self, other) -> Value:
        other = _lift(other)
        a, b = self.data, other.data
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise ValueError(f"@ needs vectors or matrices (1-D or 2-D), got shapes {a.shape} "
                             f"and {b.shape}.")
        if a.shape[-1] != b.shape[0]:
            raise ValueError(f"@ needs matching inner dimensions, got shapes {a.shape} and "
                             f"{b.shape}; transpose one of them or check the order.")
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
        axis = self._axis(axis)
        shape = self.shape
        expand = (lambda g: g) if axis is None else (lambda g: np.expand_dims(g, axis))
        return Value(self.data.sum(axis=axis), (self,), "sum",
                     lambda g: (np.broadcast_to(expand(g), shape),))

    def mean(self, axis: int | None = None) -> Value:
        """The mean of the entries, or along one ``axis``: the sum divided by the count."""
        axis = self._axis(axis)
        count = self.data.size if axis is None else self.shape[axis]
        return self.sum(axis) / count

    def exp(self) -> Value:
        """:math:`e^x`, whose derivative is itself."""
        e = np.exp(self.data)
        return Value(e, (self,), "exp", lambda g: (g * e,))

    def log(self) -> Value:
        """The natural logarithm; the derivative is :math:`1/x` (inputs must be positive)."""
        if np.any(self.data <= 0):
            raise ValueError(f"log needs positive inputs, got a smallest value of "
                             f"{self.data.min():.4g}; add a small constant or clip first.")
        return Value(np.log(self.data), (self,), "log", lambda g: (g / self.data,))

    def sin(self) -> Value:
        """:math:`\\sin x`, with derivative :math:`\\cos x`."""
        return Value(np.sin(self.data), (self,), "sin", lambda g: (g * np.cos(self.data),))

    def cos(self) -> Value:
        """:math:`\\cos x`, with derivative :math:`-\\sin x`."""
        return Value(np.cos(self.data), (self,), "cos", lambda g: (-g * np.sin(self.data),))

    def tanh(self) -> Value:
        """:math:`\\tanh x`, with derivative :math:`1 - \\tanh^2 x`."""
        t = np.tanh(self.data)
        return Value(t, (self,), "tanh", lambda g: (g * (1 - t ** 2),))

    def sigmoid(self) -> Value:
        """:math:`\\sigma(x) = 1/(1 + e^{-x})` as one gate, with :math:`\\sigma' = \\sigma(1 - \\sigma)`."""
        s = expit(self.data)
        return Value(s, (self,), "sigmoid", lambda g: (g * s * (1 - s),))

    def relu(self) -> Value:
        """:math:`\\max(0, x)`; the gradient passes where :math:`x > 0` (and not at 0)."""
        return Value(np.maximum(self.data, 0.0), (self,), "relu",
                     lambda g: (g * (self.data > 0),))

    def _axis(self, axis) -> int | None:
        if axis is None:
            return None
        if self.data.ndim == 0:
            raise ValueError("axis must be None for a scalar Value, which has no axes.")
        axis = integer(axis, "axis", minimum=-self.data.ndim, maximum=self.data.ndim - 1)
        return axis % self.data.ndim

    # -- backpropagation ---------------------------------------------------------------
    def propagate(self) -> None:
        """Pass this node's gradient to its parents: each parent's ``grad`` += its share.

        This is one step of :meth:`backward`, exposed so that a backward pass can be
        watched node by node. It does nothing for an input (a node without parents).
        """
        if not self.parents:
            return
        grads = self.vjp(self.grad)
        if not isinstance(grads, (tuple, list)) or len(grads) != len(self.parents):
            raise ValueError(f"the vjp of operation {self.op!r} must return a tuple with one "
                             f"gradient per parent ({len(self.parents)}), got "
                             f"{_describe(grads)}.")
        for parent, grad in zip(self.parents, grads):
            parent.grad += _unbroadcast(grad, parent.shape, self.op)

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
        """
        if seed is None:
            if self.data.size != 1:
                raise ValueError(f"backward() without a seed needs a single number, but this "
                                 f"node has shape {self.shape}; reduce it first (e.g. .sum()) "
                                 f"or pass seed=, an array of that shape.")
            seed = np.ones_like(self.data)
        seed = as_array(seed, "seed", shape=self.shape)
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = seed.copy()
        for node in reversed(order):  # every node after all the nodes that use it
            node.propagate()


def _lift(other) -> Value:
    """Wrap a number or an array as a constant node of the graph."""
    if isinstance(other, Value):
        return other
    if isinstance(other, (Dual, bool)) or not isinstance(other, (numbers.Real, np.ndarray,
                                                                  list, tuple)):
        raise TypeError(f"a Value can be combined with a number, a NumPy array or another "
                        f"Value, got {_describe(other)}.")
    constant = Value(as_array(other, "the other operand"))
    constant._constant = True
    return constant


def maximum(a, b) -> Value:
    """The entry-wise maximum of ``a`` and ``b``; the gradient is routed to the larger one.

    At a tie, the whole gradient goes to ``a`` (as in TensorFlow).

    Parameters
    ----------
    a, b : Value, float or array_like
        At least one should be a :class:`Value`; numbers and arrays become constants.

    Returns
    -------
    Value
    """
    a, b = _lift(a), _lift(b)
    a_wins = a.data >= b.data
    return Value(np.maximum(a.data, b.data), (a, b), "max",
                 lambda g: (g * a_wins, g * ~a_wins))


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, each listed after all of its parents.

    Parameters
    ----------
    root : Value
        The node the graph ends in (usually the loss).

    Returns
    -------
    list of Value
        Inputs first and ``root`` last; a node used several times appears once.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {_describe(root)}.")
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
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

    def place(node):  # a depth-first walk: inputs take fresh rows, operations the mean of theirs
        if node in rows:
            return
        parents = [p for p in node.parents if not p._constant]
        for parent in parents:
            place(parent)
        if parents:
            rows[node] = float(np.mean([rows[p] for p in parents]))
        else:
            rows[node] = float(len(inputs))
            inputs.append(node)

    place(root)
    width = max(depth.values())
    return {n: (float(width - depth[n]), -rows[n]) for n in nodes}


def _check_shown(shown, name: str):
    if isinstance(shown, bool) or isinstance(shown, Mapping):
        return shown
    raise TypeError(f"{name} must be True, False or a dict from nodes to the arrays to show, "
                    f"got {_describe(shown)}.")


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

    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {_describe(root)}.")
    values, grads = _check_shown(values, "values"), _check_shown(grads, "grads")
    if highlight is not None and not isinstance(highlight, Value):
        raise TypeError(f"highlight must be a Value of the graph or None, got "
                        f"{_describe(highlight)}.")
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
    return np.asarray(shown[node], dtype=float)


# -- forward mode ------------------------------------------------------------------------
class Dual:
    r"""A dual number :math:`a + b\varepsilon` with :math:`\varepsilon^2 = 0`: a value and its tangent.

    If the inputs of a computation are dual numbers whose tangents form a direction
    :math:`\mathbf d`, every intermediate result carries its value and its derivative
    along :math:`\mathbf d` (the *tangent*), because
    :math:`f(a + b\varepsilon) = f(a) + f'(a)\,b\,\varepsilon`. Seeding input :math:`i`
    with tangent 1 and the others with 0 gives :math:`\partial/\partial x_i` of everything.

    Parameters
    ----------
    value : float or array_like
        The value :math:`a`.
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
        self.value = as_array(value, "value")
        tangent = as_array(tangent, "tangent")
        try:
            self.tangent = np.broadcast_to(tangent, self.value.shape).astype(float)
        except ValueError:
            raise ValueError(f"tangent must have the shape of value {self.value.shape} (or be "
                             f"a single number), got shape {tangent.shape}.") from None

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
        other = _dual(other)
        return Dual._result(self.value + other.value, self.tangent + other.tangent)

    def __sub__(self, other) -> Dual:
        other = _dual(other)
        return Dual._result(self.value - other.value, self.tangent - other.tangent)

    def __mul__(self, other) -> Dual:
        other = _dual(other)
        return Dual._result(self.value * other.value,
                            self.tangent * other.value + self.value * other.tangent)

    def __truediv__(self, other) -> Dual:
        other = _dual(other)
        return Dual._result(self.value / other.value,
                            (self.tangent * other.value - self.value * other.tangent)
                            / other.value ** 2)

    def __matmul__(self, other) -> Dual:
        other = _dual(other)
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
        if np.any(self.value <= 0):
            raise ValueError(f"log needs a positive value, got a smallest value of "
                             f"{self.value.min():.4g}.")
        return Dual._result(np.log(self.value), self.tangent / self.value)


def _dual(other) -> Dual:
    """Wrap a number or array as a constant dual number (tangent 0)."""
    if isinstance(other, Dual):
        return other
    if isinstance(other, (Value, bool)) or not isinstance(other, (numbers.Real, np.ndarray,
                                                                   list, tuple)):
        raise TypeError(f"a Dual can be combined with a number, a NumPy array or another "
                        f"Dual, got {_describe(other)}.")
    return Dual(other, 0.0)
