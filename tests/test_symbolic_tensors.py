"""Every claim of docs/symbolic-tensors.md, asserted on the example code itself.

Each example's sections run in order, in one namespace, exactly as the page runs
them (conftest.run_example); the section a page shows as an
error must raise that error.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import BACKEND, DOCS, example_fixture

# Keras first: on the PyTorch backend, importing TensorFlow before torch (and
# triton) aborts the process ("LLVM ERROR: inconsistency in registered
# CommandLine options").
keras = pytest.importorskip("keras")
if BACKEND == "torch":
    try:
        import triton.runtime  # noqa: F401
    except ImportError:
        pass
pytest.importorskip("tensorflow")  # tf_keras and the TensorFlow-only examples
A = np.arange(6, dtype="float32").reshape(2, 3)
B = np.arange(12, dtype="float32").reshape(3, 4)


keras2 = example_fixture("symbolic_keras2.py")
no_placeholder = example_fixture("symbolic_keras3_no_placeholder.py")
keras3 = example_fixture("symbolic_keras3.py")
today = example_fixture("symbolic_today.py")
tf_function = example_fixture("symbolic_tf_function.py")
shapes = example_fixture("dot_shapes.py")
shapes_keras2 = example_fixture("dot_shapes_keras2.py")
batch_dot_keras3 = example_fixture("batch_dot_keras3.py")
batch_dot_error = example_fixture("dot_shapes_batch_dot_error.py")
legacy = example_fixture("legacy_dot.py")
try_it = example_fixture("symbolic_try_it.py")
try_it_tracing = example_fixture("symbolic_try_it_tracing.py")


# -- Keras 2: the blog's lines ------------------------------------------------------


def test_keras2_today_gives_a_keras_tensor_without_values(keras2):
    _, out, _ = keras2
    assert "executing eagerly: True" in out
    assert ("xy: <KerasTensor: shape=(2, 4) dtype=float32 "
            "(created by layer 'tf.linalg.matmul')>") in out
    assert "x comes from a InputLayer" in out
    assert "xy has values (.numpy): False" in out


def test_keras2_in_a_graph_prints_the_blogs_tensors(keras2):
    ns, out, _ = keras2
    assert repr(ns["x"]) == "<tf.Tensor 'Placeholder:0' shape=(2, 3) dtype=float32>"
    assert repr(ns["y"]) == "<tf.Tensor 'Placeholder_1:0' shape=(3, 4) dtype=float32>"
    assert repr(ns["xy"]) == "<tf.Tensor 'MatMul:0' shape=(2, 4) dtype=float32>"
    assert ns["xy"].graph is ns["graph"]
    assert ns["xy"].op.type == "MatMul"
    assert [t.op.type for t in ns["xy"].op.inputs] == ["Placeholder", "Placeholder"]
    assert [len(t.op.inputs) for t in (ns["x"], ns["y"])] == [0, 0]  # slots: no inputs


def test_tf_keras_backend_has_no_get_graph(keras2):
    import tf_keras

    assert not hasattr(tf_keras.backend, "get_graph")
    assert "tf_keras.backend has get_graph: False" in keras2[1]


def test_op_names_count_the_products_already_in_the_graph(keras2):
    names = keras2[0]["names"]
    assert names == ["MatMul:0"] + [f"MatMul_{i}:0" for i in range(1, 10)]
    assert names[-1] == "MatMul_9:0"  # the blog's name: its tenth product


def test_picture_is_drawn_from_the_graph(keras2):
    import matplotlib.pyplot as plt

    ns = keras2[0]
    assert [op.name for op in ns["ops"]] == ["Placeholder", "Placeholder_1", "MatMul"]
    figure = plt.figure(ns["fig"].number)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "Placeholder:0 (2, 3)" in texts and "Placeholder_1:0 (3, 4)" in texts
    assert "MatMul:0 (2, 4)" in texts
    plt.close("all")


def test_feeding_the_placeholders_gives_the_values(keras2):
    ns, out, _ = keras2
    np.testing.assert_array_equal(ns["values"], A @ B)
    assert "equals a @ b: True" in out


def test_graph_tensor_has_no_values(keras2):
    error = keras2[2]
    assert isinstance(error, AttributeError)
    assert str(error) == "'SymbolicTensor' object has no attribute 'numpy'"


# -- Keras 3 ----------------------------------------------------------------------------


def test_keras3_has_no_placeholder(no_placeholder):
    import keras

    assert isinstance(no_placeholder[2], AttributeError)
    assert "has no attribute 'placeholder'" in str(no_placeholder[2])
    assert not hasattr(keras.backend, "placeholder")


def test_keras3_input_and_ops_give_symbolic_2_by_4(keras3):
    import keras

    ns, out, _ = keras3
    assert tuple(ns["x"].shape) == (2, 3) and tuple(ns["y"].shape) == (3, 4)
    assert isinstance(ns["xy"], keras.KerasTensor)
    assert tuple(ns["xy"].shape) == (2, 4)
    assert "keras.ops.dot gives (2, 4)" in out


def test_keras3_same_call_on_arrays_is_eager(keras3):
    import keras

    ns, out, _ = keras3
    assert not isinstance(ns["now"], keras.KerasTensor)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(ns["now"]), A @ B)
    assert "matmul == dot == a @ b: True" in out


def test_keras_function_feeds_the_symbolic_tensors(keras3):
    import keras

    ns, out, _ = keras3
    assert isinstance(ns["product"], keras.Function)
    np.testing.assert_array_equal(ns["values"], A @ B)
    assert "equals a @ b: True" in out


def test_a_model_is_not_k_function(keras3):
    """A model reads axis 0 as the batch: 2 rows and 3 rows are ambiguous."""
    error = keras3[2]
    assert isinstance(error, ValueError)
    assert "Data cardinality is ambiguous" in str(error)
    assert "'x' sizes: 2, 3" in str(error)


# -- where symbolic tensors live today --------------------------------------------------


def test_functional_model_infers_shapes_without_data(today):
    ns, out, _ = today
    assert tuple(ns["outputs"].shape) == (None, 4)
    assert tuple(ns["dense"].kernel.shape) == (3, 4)
    assert ns["predicted"].shape == (5, 4)
    assert "equals data · kernel + bias: True" in out


STAND_INS = {  # backend -> what a layer's call() receives while Keras infers shapes
    "tensorflow": ["call() receives a SymbolicTensor of shape (None, 3) on device -"],
    "jax": ["call() receives a DynamicJaxprTracer of shape (dynamic_dimension, 3) on device -"],
    "torch": ["call() receives a Tensor of shape (83, 3) on device meta",
              "call() receives a Tensor of shape (89, 3) on device meta"],
}


def test_shape_inference_calls_the_layer_on_backend_stand_ins(today):
    ns, out, _ = today
    lines = [line for line in out.splitlines() if line.startswith("call() receives")]
    assert lines == STAND_INS[BACKEND]
    assert "result: KerasTensor (None, 4)" in out
    assert tuple(ns["peeked"].shape) == (None, 4)


def test_shape_inference_uses_no_tf_function():
    """The page: TF backend a scratch FuncGraph, JAX eval_shape, PyTorch "meta".
    Read as text: importing another backend's modules is not safe here."""
    import importlib.util
    from pathlib import Path

    backend = Path(importlib.util.find_spec("keras").submodule_search_locations[0],
                   "src", "backend")

    def compute_output_spec(name):
        source = (backend / name / "core.py").read_text(encoding="utf-8")
        start = source.index("def compute_output_spec(")
        end = source.find("\ndef ", start + 1)
        return source[start:end]

    tf_source = compute_output_spec("tensorflow")
    assert "FuncGraph" in tf_source and "tf.function" not in tf_source
    assert "jax.eval_shape" in compute_output_spec("jax")
    assert '"meta"' in compute_output_spec("torch")


def test_tf_function_traces_with_a_none_axis(tf_function):
    ns, out, _ = tf_function
    assert 'tracing with Tensor("x:0", shape=(None, 3), dtype=float32)' in out
    assert "inputs:  [(None, 3), (3, 4)]" in out
    assert tuple(ns["concrete"].structured_outputs.shape.as_list()) == (None, 4)


# -- N-D semantics ---------------------------------------------------------------------


NUMPY_DOT = ["(2,3,5)", "(2,4,5)", "(2,3,2,5)"]
NUMPY_MATMUL = ["(2,3,5)", "(4,2,5)", "(2,3,5)"]


def test_nd_shapes_of_keras3_per_backend(shapes):
    ns, out, _ = shapes
    table = ns["shapes"]
    assert table["np.dot"] == NUMPY_DOT and table["np.matmul"] == NUMPY_MATMUL
    assert table["keras.ops.matmul"] == NUMPY_MATMUL  # every backend
    assert table["keras.ops.tensordot"] == NUMPY_DOT  # every backend
    # keras.ops.dot: np.dot on TensorFlow and JAX, torch.matmul on PyTorch (keras#23248)
    assert table["keras.ops.dot"] == (NUMPY_MATMUL if BACKEND == "torch" else NUMPY_DOT)
    symbolic = ns["symbolic"]
    assert symbolic["keras.ops.dot"] == NUMPY_DOT  # symbolic shapes follow NumPy everywhere
    assert symbolic["keras.ops.matmul"] == NUMPY_MATMUL
    assert symbolic["keras.ops.tensordot"] == NUMPY_DOT
    agree = "False" if BACKEND == "torch" else "True"
    assert re.search(r"keras\.ops\.dot .* equal the computed ones: " + agree, out)
    assert out.count("equal the computed ones: True") == (2 if BACKEND == "torch" else 3)
    assert "keras.ops has batch_dot: False" in out


def test_nd_shapes_of_keras2(shapes_keras2):
    ns, out, _ = shapes_keras2
    table = ns["shapes"]
    assert table["K.dot"] == NUMPY_DOT
    assert table["K.batch_dot"] == ["ValueError", "ValueError", "(2,3,5)"]
    assert table["K.dot, NumPy arrays"] == ["AttributeError"] * 3
    assert "K.dot on placeholders gives the same shapes: True" in out


BATCH_DOT_SHAPES = [(2, 1), (3, 1), (2, 4), (2, 7, 9), (2, 3, 5)]


def test_batch_dot_shapes_in_keras2(shapes_keras2):
    ns, out, _ = shapes_keras2
    assert [v.shape for v in ns["batch_dot"].values()] == BATCH_DOT_SHAPES
    assert "(2,3)·(2,3) values: [3.0, 12.0]" in out


def test_dot_layer_reproduces_batch_dot_and_matmul_does_not(batch_dot_keras3):
    """Compared with tf_keras's batch_dot itself, on every backend."""
    import keras
    import tensorflow as tf
    import tf_keras

    ns, out, _ = batch_dot_keras3
    matmul_shapes = []
    for sa, sb, axes, subscripts in ns["pairs"]:
        x = np.arange(np.prod(sa), dtype="float32").reshape(sa)
        y = np.ones(sb, "float32")
        default_axes = None if axes != (2, 2) else (2, 2)
        expected = tf_keras.backend.batch_dot(tf.constant(x), tf.constant(y),
                                              axes=default_axes).numpy()
        np.testing.assert_array_equal(ns["dot_values"][(sa, sb)], expected)
        einsum = keras.ops.convert_to_numpy(keras.ops.einsum(subscripts, x, y))
        np.testing.assert_array_equal(einsum, expected.reshape(einsum.shape))
        try:
            matmul_shapes.append(tuple(keras.ops.matmul(x, y).shape))
        except Exception:  # noqa: BLE001
            matmul_shapes.append(None)
    # matmul: fails, or silently a matrix product for (3,3)·(3,3); right only on 3-D
    assert matmul_shapes == [None, (3, 3), None, None, (2, 3, 5)]
    assert [tuple(v.shape) for v in ns["dot_values"].values()] == BATCH_DOT_SHAPES
    assert "Dot, (2,3)·(2,3) values: [3.0, 12.0]" in out


def test_dense_calls_matmul():
    """The page: matmul is what Keras's own Dense layer calls."""
    import inspect

    from keras.src.layers.core import dense

    assert "ops.matmul(inputs, self.kernel)" in inspect.getsource(dense.Dense.call)


def test_dot_shape_rule_of_the_page():
    """x.shape[:-1] + y.shape[:-2] + y.shape[-1:], as the page states."""
    for sa, sb in [((2, 3, 4), (4, 5)), ((2, 3), (4, 3, 5)), ((2, 3, 4), (2, 4, 5))]:
        assert np.dot(np.ones(sa), np.ones(sb)).shape == sa[:-1] + sb[:-2] + sb[-1:]


def test_batch_dot_needs_equal_batch_sizes(batch_dot_error):
    error = batch_dot_error[2]
    assert isinstance(error, ValueError)
    assert "Cannot do batch_dot on inputs with different batch sizes" in str(error)


# -- the legacy path -----------------------------------------------------------------


def test_tf_keras_is_keras_3_with_a_legacy_dot(legacy):
    import keras
    import tensorflow as tf

    ns, out, _ = legacy
    assert tf.__version__.startswith("2.21")
    assert tf.keras.__version__ == keras.__version__
    assert tf.keras.backend.dot.__module__ == "keras.src.legacy.backend"
    assert "DEPRECATED" in tf.keras.backend.dot.__doc__
    assert "tf.keras.backend has placeholder: False" in out


def test_legacy_dot_computes_on_tensors_and_fails_on_arrays(legacy):
    ns, out, error = legacy
    np.testing.assert_array_equal(ns["legacy"].numpy(), A @ B)
    assert "EagerTensor (2, 4)" in out
    assert isinstance(error, AttributeError)
    assert str(error) == "'tuple' object has no attribute 'rank'"


# -- Try it ------------------------------------------------------------------------


def test_per_sample_products_are_the_diagonal_of_dot(try_it):
    ns, out, _ = try_it
    assert ns["every_pair"].shape == (2, 3, 2, 5) and ns["per_sample"].shape == (2, 3, 5)
    for i in range(2):
        np.testing.assert_allclose(ns["every_pair"][i, :, i, :], ns["per_sample"][i],
                                   atol=1e-6)
    assert not np.allclose(ns["every_pair"][0, :, 1, :], ns["per_sample"][0])


def test_none_axis_traces_once(try_it_tracing):
    ns, out, _ = try_it_tracing
    assert ns["traced"].experimental_get_tracing_count() == 1
    assert out.count("tracing with") == 1
    assert "7 rows -> (7, 4)" in out


# -- the page -------------------------------------------------------------------------


def test_page_label_and_title():
    text = (DOCS / "symbolic-tensors.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2].lstrip("\n")
    assert body.startswith("(symbolic-tensors)=\n# backend.dot and symbolic tensors")
    assert "$" not in re.sub(r"`[^`]*`", "", text)  # no math markup


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_built_page_has_picture_folded_answers_and_glued_count(site, language):
    html = site.html(language, "symbolic-tensors")
    images = re.findall(r'<img [^>]*src="(_images/[^"]+)"', html)
    assert len(images) == 1 and (site.out / language / images[0]).is_file()
    assert html.count("<details") >= 4  # 2 answers + 2 folded code cells
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert ("traced 1 time" if language == "en" else "追踪了 1 次") in text
    assert "2.21" in text  # the TensorFlow version, glued into the prose
