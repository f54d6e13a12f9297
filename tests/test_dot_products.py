"""Every claim of docs/dot-products.md, asserted on the example code itself.

Each example's sections run in order, in one namespace, exactly as the page runs
them (conftest.run_example); the section a page shows as an error must raise
that error.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import BACKEND, DOCS, example_fixture

# (conftest imports Keras before TensorFlow on the PyTorch backend)
keras = pytest.importorskip("keras")
pytest.importorskip("tensorflow")  # tf_keras and the TensorFlow-only examples


shapes = example_fixture("dot_shapes.py")
shapes_keras2 = example_fixture("dot_shapes_keras2.py")
batch_dot_keras3 = example_fixture("batch_dot_keras3.py")
batch_dot_error = example_fixture("dot_shapes_batch_dot_error.py")
try_it = example_fixture("dot_products_try_it.py")


# -- dot, matmul and tensordot -------------------------------------------------------


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




# -- Try it ------------------------------------------------------------------------


def test_per_sample_products_are_the_diagonal_of_dot(try_it):
    ns, out, _ = try_it
    assert ns["every_pair"].shape == (2, 3, 2, 5) and ns["per_sample"].shape == (2, 3, 5)
    for i in range(2):
        np.testing.assert_allclose(ns["every_pair"][i, :, i, :], ns["per_sample"][i],
                                   atol=1e-6)
    assert not np.allclose(ns["every_pair"][0, :, 1, :], ns["per_sample"][0])


# -- the page -------------------------------------------------------------------------


def test_page_label_title_and_in_short_first():
    text = (DOCS / "dot-products.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2].lstrip("\n")
    assert body.startswith("(dot-products)=\n# dot, matmul and batch_dot in Keras 3")
    assert body.index("In short") < body.index(":example:")
    # Keras 3 first: the first cell is a Keras 3 one, the Keras 2 table follows
    assert body.index("dot_shapes.py#table") < body.index("dot_shapes_keras2.py#table")
    assert "$" not in re.sub(r"`[^`]*`", "", text)  # no math markup


def test_index_lists_the_page_after_symbolic_tensors():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "symbolic-tensors\ndot-products\n" in index


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_built_page_has_the_tables_and_a_folded_answer(site, language):
    html = site.html(language, "dot-products")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "keras.ops.tensordot" in text and "(2,3,2,5)" in text
    assert html.count("<details") >= 2  # the answer + its folded code cell
