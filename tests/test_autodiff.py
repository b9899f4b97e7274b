"""dlbook.autodiff: reverse mode (Value) against finite differences and TensorFlow, forward mode (Dual)."""

from __future__ import annotations

import os
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from dlbook.autodiff import Dual, Value, draw_graph, maximum, topological_order  # noqa: E402
from dlbook.calculus import numerical_gradient  # noqa: E402

tf = pytest.importorskip("tensorflow")


def engine_gradients(f, *arrays):
    """Value and gradients of f (a function of Values returning a scalar Value) at arrays."""
    inputs = [Value(a) for a in arrays]
    out = f(*inputs)
    out.backward()
    return float(out.data), [v.grad for v in inputs]


def tf_gradients(f, *arrays):
    variables = [tf.Variable(np.asarray(a, dtype=np.float64)) for a in arrays]
    with tf.GradientTape() as tape:
        out = f(*variables)
    return float(out.numpy()), [g.numpy() for g in tape.gradient(out, variables)]


def numeric_gradients(f, *arrays):
    grads = []
    for i in range(len(arrays)):
        def only_i(a, i=i):
            args = [Value(b) for b in arrays]
            args[i] = Value(a)
            return float(f(*args).data)
        grads.append(numerical_gradient(only_i, arrays[i]))
    return grads


def check(engine_f, tf_f, *arrays, atol=1e-6):
    value, grads = engine_gradients(engine_f, *arrays)
    tf_value, tf_grads = tf_gradients(tf_f, *arrays)
    assert np.isclose(value, tf_value, rtol=1e-12, atol=1e-12)
    for ours, numeric, theirs, a in zip(grads, numeric_gradients(engine_f, *arrays), tf_grads,
                                        arrays):
        assert ours.shape == np.shape(a)
        assert np.allclose(ours, numeric, atol=atol, rtol=1e-5)
        assert np.allclose(ours, theirs, atol=1e-12, rtol=1e-10)


RNG = np.random.default_rng(0)
WEIGHTS = RNG.normal(size=(3, 4))  # a random linear read-out makes every gradient entry differ

UNARY = {
    "exp": (lambda v: v.exp(), tf.exp, "any"),
    "log": (lambda v: v.log(), tf.math.log, "positive"),
    "sin": (lambda v: v.sin(), tf.sin, "any"),
    "cos": (lambda v: v.cos(), tf.cos, "any"),
    "tanh": (lambda v: v.tanh(), tf.tanh, "any"),
    "sigmoid": (lambda v: v.sigmoid(), tf.sigmoid, "any"),
    "relu": (lambda v: v.relu(), tf.nn.relu, "any"),
    "neg": (lambda v: -v, tf.negative, "any"),
    "square": (lambda v: v ** 2, lambda t: t ** 2, "any"),
    "cube": (lambda v: v ** 3, lambda t: t ** 3, "any"),
    "sqrt": (lambda v: v ** 0.5, tf.sqrt, "positive"),
    "reciprocal": (lambda v: 1 / v, lambda t: 1 / t, "positive"),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_operations(name):
    ours, theirs, domain = UNARY[name]
    rng = np.random.default_rng(len(name))
    x = rng.normal(size=(3, 4))
    if domain == "positive":
        x = np.abs(x) + 0.5
    else:
        x[np.abs(x) < 0.05] = 0.3  # keep clear of relu's kink
    check(lambda v: (ours(v) * WEIGHTS).sum(), lambda t: tf.reduce_sum(theirs(t) * WEIGHTS), x)


BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "maximum": (maximum, tf.maximum),
}
SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((), (3, 4)), ((3, 4), (1, 1))]


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("shapes", SHAPES, ids=[f"{a}-{b}" for a, b in SHAPES])
def test_binary_operations_with_broadcasting(name, shapes):
    ours, theirs = BINARY[name]
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    if name == "div":
        b = np.sign(b) * (np.abs(b) + 0.5)
    check(lambda u, v: (ours(u, v) * WEIGHTS).sum(),
          lambda u, v: tf.reduce_sum(theirs(u, v) * WEIGHTS), a, b)


@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((3, 4), (4,)), ((4,), (4, 2)),
                                    ((4,), (4,))])
def test_matmul(shapes):
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    out_shape = (a @ b).shape
    w = rng.normal(size=out_shape)

    def tf_matmul(u, v):
        product = tf.linalg.matvec(u, v) if v.shape.rank == 1 and u.shape.rank == 2 else \
            tf.linalg.matvec(tf.transpose(v), u) if u.shape.rank == 1 and v.shape.rank == 2 else \
            tf.reduce_sum(u * v) if u.shape.rank == 1 else tf.matmul(u, v)
        return tf.reduce_sum(product * w)

    check(lambda u, v: ((u @ v) * w).sum(), tf_matmul, a, b)


def test_numpy_arrays_on_the_left():
    W = np.array([[0.1, 0.5], [-0.3, 0.8]])
    x = Value([0.2, 0.4])
    f = ((W @ x) ** 2).sum()
    f.backward()
    assert np.isclose(float(f.data), 0.116)
    assert np.allclose(x.grad, 2 * W.T @ (W @ x.data))
    y = Value([1.0, 2.0])
    g = (2.0 * y + np.array([1.0, 1.0]) - y / 4).sum()
    g.backward()
    assert np.allclose(y.grad, [1.75, 1.75])


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_sum_and_mean(axis):
    x = RNG.normal(size=(3, 4))
    w = RNG.normal(size=np.sum(x, axis=axis).shape)
    check(lambda v: (v.sum(axis) * w).sum(), lambda t: tf.reduce_sum(tf.reduce_sum(t, axis) * w),
          x)
    check(lambda v: (v.mean(axis) * w).sum(),
          lambda t: tf.reduce_sum(tf.reduce_mean(t, axis) * w), x)


def test_maximum_routes_the_gradient_and_ties_go_to_the_first_argument():
    a, b = Value([1.0, 2.0, 3.0]), Value([1.0, 0.0, 5.0])
    maximum(a, b).sum().backward()
    assert a.grad.tolist() == [1.0, 1.0, 0.0] and b.grad.tolist() == [0.0, 0.0, 1.0]
    c = Value([-1.0, 2.0])
    maximum(c, 0.0).sum().backward()
    assert c.grad.tolist() == [0.0, 1.0]


def test_the_worked_examples():
    x, y, z = Value(-2.0), Value(5.0), Value(-4.0)
    f = (x + y) * z
    f.backward()
    assert float(f.data) == -12 and [float(v.grad) for v in (x, y, z)] == [-4, -4, 3]
    w = [Value(v) for v in (2.0, -3.0, -3.0)]
    xs = [Value(v) for v in (-1.0, -2.0)]
    s = w[0] * xs[0] + w[1] * xs[1] + w[2]
    for out in (1 / (1 + (-s).exp()), s.sigmoid()):
        out.backward()
        assert np.isclose(float(out.data), 0.7311, atol=1e-4)
        assert np.allclose([float(v.grad) for v in w], [-0.1966, -0.3932, 0.1966], atol=1e-4)
        assert np.allclose([float(v.grad) for v in xs], [0.3932, -0.5898], atol=1e-4)


def test_a_node_used_twice_accumulates():
    x, y = Value(3.0), Value(-2.0)
    f = x * y + x
    f.backward()
    assert float(x.grad) == -1.0 and float(y.grad) == 3.0
    square = x * x
    square.backward()
    assert float(x.grad) == 6.0
    a = Value(RNG.normal(size=4))
    check(lambda v: (v * v.tanh() + v.exp() * v).sum(),
          lambda t: tf.reduce_sum(t * tf.tanh(t) + tf.exp(t) * t), a.data)


def test_backward_starts_afresh_and_takes_a_seed():
    x = Value([1.0, 2.0, 3.0])
    y = x * x
    y.backward(seed=[1.0, 0.0, 0.0])
    assert x.grad.tolist() == [2.0, 0.0, 0.0]
    y.backward(seed=[0.0, 1.0, 0.0])
    assert x.grad.tolist() == [0.0, 4.0, 0.0]
    total = y.sum()
    total.backward()
    total.backward()
    assert x.grad.tolist() == [2.0, 4.0, 6.0]


def test_topological_order_lists_parents_first_and_each_node_once():
    x = Value(1.0)
    a = x * 2
    b = a + x
    order = topological_order(b)
    assert order[-1] is b and len(order) == 4  # x, the constant 2, a, b
    position = {node: i for i, node in enumerate(order)}
    assert all(position[p] < position[n] for n in order for p in n.parents)


def test_a_new_operation_with_its_own_vjp():
    def softplus(a):
        return Value(np.logaddexp(0.0, a.data), (a,), "softplus",
                     lambda g: (g / (1 + np.exp(-a.data)),))

    check(lambda v: (softplus(v) * WEIGHTS).sum(),
          lambda t: tf.reduce_sum(tf.nn.softplus(t) * WEIGHTS), RNG.normal(size=(3, 4)))


def test_overflow_in_an_operation_is_allowed():
    big = Value(1000.0)
    with np.errstate(over="ignore"):
        assert np.isinf(big.exp().data)
    assert np.isclose(float(big.sigmoid().data), 1.0)


def test_repr_has_no_addresses():
    text = repr(Value([1.0, 2.0], label="w"))
    assert text == "Value(w: data=[1. 2.], grad=[0. 0.])"
    assert repr(Dual(2.0, 1.0)) == "Dual(value=2., tangent=1.)"


def test_draw_graph_writes_values_and_gradients():
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.backward()
    ax = draw_graph(f, title="(x + y) z")
    texts = [t.get_text() for t in ax.texts]
    for expected in ["x", "y", "z", "+", "×", "-12", "3", "-4", "1"]:
        assert expected in texts
    assert ax.get_title() == "(x + y) z"
    s = Value(1.0, label="s")
    g = 1 / (1 + (-s).exp())
    ax = draw_graph(g, values={s: 1.0}, grads=False, highlight=s)
    texts = [t.get_text() for t in ax.texts]
    assert {"s", "neg", "exp", "+1", "1/·"} <= set(texts) and "0.731" not in texts


@pytest.mark.parametrize("fn, derivative", [
    (lambda d: d.sin(), np.cos),
    (lambda d: d.cos(), lambda a: -np.sin(a)),
    (lambda d: d.exp(), np.exp),
    (lambda d: d.log(), lambda a: 1 / a),
    (lambda d: d * d - 3 * d, lambda a: 2 * a - 3),
    (lambda d: 1 / d + d / 2, lambda a: -1 / a ** 2 + 0.5),
    (lambda d: 2 - d + (-d), lambda a: -2 + 0 * a),
    (lambda d: (d + 1) / (d * d), lambda a: -1 / a ** 2 - 2 / a ** 3),
])
def test_dual_numbers_against_analytic_derivatives(fn, derivative):
    a = np.array([0.3, 1.2, 2.5])
    out = fn(Dual(a, 1.0))
    assert np.allclose(out.value, fn(Dual(a)).value)
    assert np.allclose(out.tangent, derivative(a))


def test_dual_forward_mode_example_and_jacobian_columns():
    x1, x2 = Dual(2.0, 1.0), Dual(3.0, 0.0)
    z = x1 * x2 + x1.sin()
    assert np.isclose(z.value, 6 + np.sin(2)) and np.isclose(z.tangent, 3 + np.cos(2))
    z2 = Dual(2.0, 0.0) * Dual(3.0, 1.0) + Dual(2.0, 0.0).sin()
    assert np.isclose(z2.tangent, 2.0)
    A = RNG.normal(size=(2, 3))
    x = RNG.normal(size=3)
    columns = [(A @ Dual(x, np.eye(3)[j])).sin().tangent for j in range(3)]
    assert np.allclose(np.column_stack(columns), np.cos(A @ x)[:, None] * A)
    v = Dual(x, np.ones(3))
    assert np.isclose((v @ v).tangent, 2 * x.sum())


def test_bad_inputs_raise_helpful_errors():
    with pytest.raises(TypeError, match="array-like"):
        Value("a")
    with pytest.raises(ValueError, match="NaN or infinite"):
        Value([1.0, np.nan])
    with pytest.raises(TypeError, match="parents must be a tuple of Value"):
        Value(1.0, parents=(1.0,))
    with pytest.raises(TypeError, match="needs vjp"):
        Value(1.0, parents=(Value(2.0),))
    with pytest.raises(TypeError, match="op and label must be strings"):
        Value(1.0, label=3)
    with pytest.raises(TypeError, match="can be combined with a number"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match="can be combined with a number"):
        Value(1.0) * Dual(1.0)
    with pytest.raises(TypeError, match="exponent must be a constant number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(ValueError, match="log needs positive inputs"):
        Value([1.0, -1.0]).log()
    with pytest.raises(ValueError, match="matching inner dimensions"):
        Value(np.ones((2, 3))) @ Value(np.ones(2))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        Value(np.ones((2, 2, 2))) @ Value(np.ones(2))
    with pytest.raises(ValueError, match="axis must be at most 1"):
        Value(np.ones((2, 2))).sum(axis=2)
    with pytest.raises(ValueError, match="axis must be None for a scalar"):
        Value(1.0).sum(axis=0)
    with pytest.raises(ValueError, match=r"needs a single number.*seed="):
        Value([1.0, 2.0]).backward()
    with pytest.raises(ValueError, match=r"seed must have shape \(2\)"):
        Value([1.0, 2.0]).backward(seed=[1.0])
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(3.0)


def test_bad_vjp_and_drawing_arguments():
    a = Value([1.0, 2.0])
    two = Value(a.data * 2, (a,), "double", lambda g: (2 * g, g))
    with pytest.raises(ValueError, match="one gradient per parent"):
        two.sum().backward()
    wrong = Value(a.data * 2, (a,), "double", lambda g: (np.ones(3),))
    with pytest.raises(ValueError, match="gradient of shape"):
        wrong.sum().backward()
    f = a.sum()
    with pytest.raises(TypeError, match="root must be a Value"):
        draw_graph(1.0)
    with pytest.raises(TypeError, match="values must be True, False or a dict"):
        draw_graph(f, values="yes")
    with pytest.raises(TypeError, match="highlight must be a Value"):
        draw_graph(f, highlight="a")
    with pytest.raises(TypeError, match="title must be a string"):
        draw_graph(f, title=3)


def test_bad_dual_inputs():
    with pytest.raises(ValueError, match="tangent must have the shape of value"):
        Dual([1.0, 2.0], [1.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="can be combined with a number"):
        Dual(1.0) + "a"
    with pytest.raises(TypeError, match="can be combined with a number"):
        Dual(1.0) + Value(1.0)
    with pytest.raises(ValueError, match="log needs positive inputs"):
        Dual(-1.0).log()
    with pytest.raises(ValueError, match="NaN or infinite"):
        Dual(np.inf)


# -- deep graphs, copies, build-time rules, shapes and bad input -----------------------------
def chain(depth: int) -> tuple[Value, Value]:
    """x and a graph of ``depth`` operations, each using the previous node: sin(sin(...x))."""
    x = Value(0.5, label="x")
    node = x
    for _ in range(depth):
        node = node.sin()
    return x, node


def test_a_graph_twenty_thousand_nodes_deep():
    x, root = chain(20_000)
    order = topological_order(root)
    assert len(order) == 20_001 and order[0] is x and order[-1] is root
    root.backward()
    value, derivative = 0.5, 1.0
    for _ in range(20_000):  # the chain rule by hand: d sin(u) = cos(u) du
        derivative *= np.cos(value)
        value = np.sin(value)
    assert np.isclose(float(root.data), value) and np.isclose(float(x.grad), derivative)
    from dlbook.autodiff import _layout
    assert len(_layout(root)) == 20_001


def test_drawing_a_graph_deeper_than_the_recursion_limit():
    import sys

    _, root = chain(sys.getrecursionlimit() + 500)
    root.backward()
    ax = draw_graph(root, values=False, grads=False)
    assert len(ax.lines) == sys.getrecursionlimit() + 501
    matplotlib.pyplot.close("all")


def test_a_value_copies_its_data():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    node = Value(W)
    assert node.data is not W and not np.shares_memory(node.data, W)
    W[0, 0] = 100.0
    assert node.data[0, 0] == 1.0
    d = Dual(W, W)
    assert not np.shares_memory(d.value, W) and not np.shares_memory(d.tangent, W)


BUILT = {  # operation -> (function of one Value, its derivative at x as a NumPy function)
    "mul": (lambda v: v * v, lambda a: 2 * a),
    "div": (lambda v: 1 / v + v / 3, lambda a: -1 / a**2 + 1 / 3),
    "pow": (lambda v: v**3, lambda a: 3 * a**2),
    "exp": (lambda v: v.exp(), np.exp),
    "log": (lambda v: v.log(), lambda a: 1 / a),
    "sin": (lambda v: v.sin(), np.cos),
    "cos": (lambda v: v.cos(), lambda a: -np.sin(a)),
    "tanh": (lambda v: v.tanh(), lambda a: 1 - np.tanh(a) ** 2),
    "sigmoid": (lambda v: v.sigmoid(), lambda a: np.exp(-a) / (1 + np.exp(-a)) ** 2),
    "relu": (lambda v: v.relu(), lambda a: (a > 0) * 1.0),
    "maximum": (lambda v: v.maximum(1.0), lambda a: (a >= 1) * 1.0),
    "matmul": (lambda v: v @ np.array([2.0, -1.0]) * v.sum(),
               lambda a: np.array([2.0, -1.0]) * a.sum() + (a @ np.array([2.0, -1.0]))),
}


@pytest.mark.parametrize("name", list(BUILT))
def test_local_rules_keep_the_numbers_of_the_forward_pass(name):
    """Changing a node's data between the forward and the backward pass changes nothing."""
    f, derivative = BUILT[name]
    a = np.array([0.7, 1.6])
    x = Value(a)
    out = f(x).sum()
    x.data[:] = [5.0, -3.0]  # in place, as an optimiser step would
    out.backward()
    assert np.allclose(x.grad, derivative(a))


def test_a_wrongly_shaped_gradient_from_a_local_rule_is_refused():
    a = Value([1.0, 2.0, 3.0])
    for wrong in (np.ones(1), np.float64(1.0), np.ones((3, 1)), np.ones(4)):
        node = Value(a.data * 2, (a,), "double", lambda g, wrong=wrong: (wrong,))
        with pytest.raises(ValueError, match=r"'double' returned a gradient of shape"):
            node.sum().backward()

    def softplus(v):  # Exercise 4.2.1 with a rule that forgets the upstream gradient
        return Value(np.logaddexp(0.0, v.data), (v,), "softplus",
                     lambda g: (1 / (1 + np.exp(-v.data.sum())),))

    with pytest.raises(ValueError, match=r"'softplus'.*shape \(\).*shape \(3,\)"):
        softplus(a).sum().backward()
    for bad in (None, "g", 1j * np.ones(3)):
        node = Value(a.data, (a,), "bad", lambda g, bad=bad: (bad,))
        with pytest.raises(TypeError, match="the vjp of operation 'bad' returned"):
            node.sum().backward()


def test_a_gradient_shaped_like_the_result_is_summed_back_to_a_broadcast_parent():
    b = Value([1.0, 2.0])
    tiled = Value(np.tile(b.data, (3, 1)), (b,), "tile", lambda g: (g,))
    tiled.sum().backward()
    assert b.grad.tolist() == [3.0, 3.0]


OPERATIONS = {"+": lambda u, v: u + v, "-": lambda u, v: u - v, "*": lambda u, v: u * v,
              "/": lambda u, v: u / v, "maximum": maximum}


@pytest.mark.parametrize("op", list(OPERATIONS))
@pytest.mark.parametrize("kind", [Value, Dual])
def test_operands_whose_shapes_do_not_broadcast_are_refused(op, kind):
    u, v = kind(np.ones(3)), kind(np.ones(4))
    name = re.escape(op)
    with pytest.raises(ValueError, match=rf"operation '{name}'.*shapes \(3,\) and \(4,\)"):
        OPERATIONS[op](u, v)
    with pytest.raises(ValueError, match=rf"'{name}'.*shapes \(3,\) and \(2, 2\)"):
        OPERATIONS[op](u, np.ones((2, 2)))


@pytest.mark.parametrize("kind", [Value, Dual])
def test_matrix_products_of_the_wrong_shapes_are_refused(kind):
    with pytest.raises(ValueError, match=r"matching inner dimensions.*\(2, 3\) and \(2,\)"):
        kind(np.ones((2, 3))) @ kind(np.ones(2))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        kind(np.ones((2, 2, 2))) @ np.ones(2)
    with pytest.raises(ValueError, match="1-D or 2-D"):
        np.ones(2) @ kind(1.0)


@pytest.mark.parametrize("bad", [1 + 2j, np.array([1.0, 2j]), [1j]])
def test_complex_input_is_refused_everywhere(bad):
    with pytest.raises(TypeError, match="real numbers"):
        Value(bad)
    with pytest.raises(TypeError):
        Value([1.0]) + bad
    with pytest.raises(TypeError):
        Dual(bad)
    with pytest.raises(TypeError):
        Dual(1.0, bad)
    with pytest.raises(TypeError):
        Dual([1.0]) * bad
    with pytest.raises(TypeError):
        Value(1.0) ** bad
    with pytest.raises(TypeError, match="seed"):
        Value(np.ones(np.shape(bad))).backward(seed=bad)


def test_numpy_integers_and_bools_are_accepted_where_python_ones_are():
    x = Value(np.int64(3))
    y = x * np.int32(2) + np.float32(1.0)
    assert float(y.data) == 7.0
    assert float((x ** np.int64(2)).data) == 9.0
    m = Value(np.arange(6.0).reshape(2, 3))
    assert m.sum(axis=np.int64(1)).shape == (2,) and m.mean(axis=np.int8(-1)).shape == (2,)
    assert Dual(np.arange(6.0).reshape(2, 3)).sum(np.int64(0)).shape == (3,)
    out = m.sum()
    out.backward(seed=np.float32(1.0))
    draw_graph(out, values=np.bool_(True), grads=np.False_)
    matplotlib.pyplot.close("all")


def test_more_bad_input():
    with pytest.raises(TypeError, match="can be combined with a number"):
        Value(1.0) + True
    with pytest.raises(TypeError, match="can be combined with a number"):
        Value(1.0) * np.True_
    with pytest.raises(TypeError, match="can be combined with a number"):
        Dual(1.0) - np.bool_(False)
    with pytest.raises(TypeError, match="data must be a number or an array"):
        Value(Value(1.0))
    with pytest.raises(TypeError, match="exponent must be a constant number"):
        Value(2.0) ** True
    with pytest.raises(TypeError, match="exponent must be a constant number"):
        Dual(2.0) ** np.bool_(True)
    with pytest.raises(ValueError, match="exponent must be finite"):
        Value(2.0) ** np.inf
    with pytest.raises(ValueError, match="fractional power"):
        Value([4.0, -1.0]) ** 0.5
    with pytest.raises(ValueError, match="fractional power"):
        Dual(-1.0) ** 1.5
    assert float((Value(-2.0) ** 2.0).data) == 4.0  # whole powers of negative numbers are fine
    with pytest.raises(TypeError, match="axis must be an integer"):
        Value(np.ones((2, 2))).sum(axis=True)
    with pytest.raises(TypeError, match="axis must be an integer"):
        Dual(np.ones((2, 2))).mean(axis=0.5)
    with pytest.raises(ValueError, match="axis must be at least -2"):
        Value(np.ones((2, 2))).mean(axis=-3)
    with pytest.raises(ValueError, match="axis must be None for a scalar"):
        Dual(1.0).sum(axis=0)
    with pytest.raises(ValueError, match="log needs positive inputs"):
        Value([1.0, 0.0]).log()
    with pytest.raises(ValueError, match="NaN or infinite"):
        Value(1.0).backward(seed=np.nan)
    with pytest.raises(ValueError, match="NaN or infinite"):
        Dual(1.0, np.inf)
    with pytest.raises(TypeError, match="maximum|Dual can be combined"):
        maximum(Value(1.0), Dual(1.0))
    with pytest.raises(TypeError, match="Dual can be combined"):
        maximum(Dual(1.0), Value(1.0))
    with pytest.raises(TypeError, match="parents must be a tuple of Value"):
        Value(1.0, parents=Value(1.0))
    with pytest.raises(TypeError, match="op and label must be strings"):
        Value(1.0, op=1)
    f = Value([1.0, 2.0]).sum()
    with pytest.raises(TypeError, match="every key of values must be a Value"):
        draw_graph(f, values={"x": 1.0})
    with pytest.raises(TypeError, match="real numbers"):
        draw_graph(f, grads={f: 1j})
    with pytest.raises(TypeError, match="grads must be True, False or a dict"):
        draw_graph(f, grads=1)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_graph(f, ax="axes")
    with pytest.raises(TypeError, match="highlight must be a Value"):
        draw_graph(f, highlight=Dual(1.0))
    matplotlib.pyplot.close("all")


DUAL_AND_VALUE = {  # functions written once, differentiated in both modes
    "pow": lambda v: (v**3 + v**0.5).sum(),
    "tanh": lambda v: v.tanh().sum(),
    "sigmoid": lambda v: (v.sigmoid() * v).sum(),
    "relu": lambda v: (v - 1.0).relu().sum(),
    "maximum": lambda v: maximum(v, 1.2).sum() + v.maximum(v * v).mean(),
    "sum and mean": lambda v: (np.ones((2, 3)) * v).sum(axis=0).mean() + v.mean(),
    "everything": lambda v: ((v.exp() / (1 + v)).log() - v.sin() * v.cos()).sum(),
}


@pytest.mark.parametrize("name", list(DUAL_AND_VALUE))
def test_forward_mode_agrees_with_reverse_mode(name):
    f = DUAL_AND_VALUE[name]
    a = np.array([0.3, 1.7, 2.2])
    x = Value(a)
    out = f(x)
    out.backward()
    forward = [float(f(Dual(a, np.eye(3)[j])).tangent) for j in range(3)]
    assert np.isclose(float(f(Dual(a)).value), float(out.data))
    assert np.allclose(forward, x.grad)


def test_dual_maximum_takes_the_tangent_of_the_larger_and_of_the_first_at_a_tie():
    d = maximum(Dual([1.0, 2.0, 3.0], [10.0, 20.0, 30.0]),
                Dual([1.0, 5.0, 0.0], [-1.0, -2.0, -3.0]))
    assert d.value.tolist() == [1.0, 5.0, 3.0] and d.tangent.tolist() == [10.0, -2.0, 30.0]
