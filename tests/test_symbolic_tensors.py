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

# (conftest imports Keras before TensorFlow on the PyTorch backend)
keras = pytest.importorskip("keras")
pytest.importorskip("tensorflow")  # tf_keras and the TensorFlow-only examples
A = np.arange(6, dtype="float32").reshape(2, 3)
B = np.arange(12, dtype="float32").reshape(3, 4)


keras2 = example_fixture("symbolic_keras2.py")
no_placeholder = example_fixture("symbolic_keras3_no_placeholder.py")
keras3 = example_fixture("symbolic_keras3.py")
today = example_fixture("symbolic_today.py")
tf_function = example_fixture("symbolic_tf_function.py")
tf_op = example_fixture("symbolic_keras3_tf_op.py")
to_numpy = example_fixture("symbolic_keras3_to_numpy.py")
as_bool = example_fixture("symbolic_keras3_as_bool.py")
values = example_fixture("symbolic_keras3_values.py")
legacy = example_fixture("legacy_dot.py")
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


def test_op_names_are_unique_per_scope_and_count_no_products(keras2):
    """Ten K.dot calls in one graph end at MatMul_9; after three Dense layers,
    whose products live in their own name scopes, K.dot is still MatMul."""
    ns, out, _ = keras2
    names = ns["names"]
    assert names == ["MatMul:0"] + [f"MatMul_{i}:0" for i in range(1, 10)]
    assert names[-1] == "MatMul_9:0"  # the blog's name: ten in one scope
    assert ns["matmuls"] == ["dense/MatMul", "dense_1/MatMul", "dense_2/MatMul", "MatMul"]
    assert ns["after_dense"].name == "MatMul:0"
    assert "so K.dot's product is named: MatMul:0" in out


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


def test_table_a_bare_keras_tensor_works_as_a_placeholder_too():
    """The table's other Keras 3 form of K.placeholder: keras.KerasTensor((2, 3))."""
    import keras

    x, y = keras.KerasTensor((2, 3)), keras.KerasTensor((3, 4))
    xy = keras.ops.matmul(x, y)
    assert isinstance(xy, keras.KerasTensor) and tuple(xy.shape) == (2, 4)
    product = keras.ops.convert_to_numpy(keras.Function([x, y], xy)([A, B]))
    np.testing.assert_array_equal(product, A @ B)


# -- three errors, and what to write instead ---------------------------------------------


def test_a_tensorflow_function_refuses_a_keras_tensor(tf_op):
    """TensorFlow backend only (the file declares it); Keras's message says why."""
    error = tf_op[2]
    assert isinstance(error, ValueError)
    assert str(error).startswith(
        "A KerasTensor cannot be used as input to a TensorFlow function.")
    assert "wrap `tf_fn` in a layer" in str(error)


def test_a_keras_tensor_has_no_numpy_array(to_numpy):
    error = to_numpy[2]
    assert isinstance(error, ValueError)
    assert "You cannot convert it to a NumPy array" in str(error)


def test_a_keras_tensor_is_not_a_bool(as_bool):
    error = as_bool[2]
    assert isinstance(error, TypeError)
    assert str(error) == "A symbolic KerasTensor cannot be used as a boolean."


def test_keras_ops_and_keras_function_are_what_to_write_instead(values):
    import keras

    ns, out, _ = values
    for name in ("squared", "doubled_if_positive"):
        assert isinstance(ns[name], keras.KerasTensor) and tuple(ns[name].shape) == (None, 3)
    data = ns["data"]
    assert "square on data: " + str((data ** 2).tolist()) in out
    where = np.where(data.sum(axis=1, keepdims=True) > 0, 2 * data, data)
    assert "where on data: " + str(where.tolist()) in out


def test_a_model_on_a_layer_output_reads_intermediate_activations(values):
    import keras

    ns, out, _ = values
    layer = ns["model"].get_layer("hidden")
    kernel = keras.ops.convert_to_numpy(layer.kernel)
    bias = keras.ops.convert_to_numpy(layer.bias)
    expected = np.maximum(ns["batch"] @ kernel + bias, 0)
    np.testing.assert_allclose(ns["activations"], expected, atol=1e-5)
    assert ns["features"].get_layer("hidden") is layer  # the same layer, not a copy
    assert "equal relu(batch · kernel + bias): True" in out
    assert "hidden: (2, 3)" in out and "scores: (2, 2)" in out  # keras.Function, every layer


def test_a_nested_models_layer_is_connected_to_its_own_inputs(values):
    ns, out, error = values
    assert [layer.name for layer in ns["classifier"].layers][1:] == ["encoder", "scores"]
    assert out.count("hidden activations: (2, 3)") == 2  # the outer and the nested extractor
    assert isinstance(error, ValueError)
    assert "is not connected to `inputs`" in str(error)


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


def test_tensorflow_stand_in_is_a_placeholder_in_a_scratch_graph(tf_function):
    ns, out, _ = tf_function
    assert 'call() receives Tensor("Placeholder:0", shape=(None, 3), dtype=float32)' in out
    assert "an operation of type Placeholder in a FuncGraph" in out
    assert tuple(ns["squared"].shape) == (None, 3)  # tf.square worked inside call()


def test_tensorflow_backend_makes_its_stand_in_with_a_v1_placeholder():
    """The page cites keras/src/backend/tensorflow/core.py."""
    import importlib.util
    from pathlib import Path

    core = Path(importlib.util.find_spec("keras").submodule_search_locations[0],
                "src", "backend", "tensorflow", "core.py").read_text(encoding="utf-8")
    start = core.index("def compute_output_spec(")
    source = core[start:core.find("\ndef ", start + 1)]
    assert "FuncGraph" in source and "tf.compat.v1.placeholder(" in source


RUN_EAGERLY = {  # backend -> (what call() gets in predict by default, with run_eagerly=True)
    "tensorflow": ('    call() receives Tensor("data:0", shape=(2, 3), dtype=float32)',
                   "    call() receives tf.Tensor(\n[[0. 1. 2.]\n [3. 4. 5.]]"),
    "jax": ("    call() receives JitTracer(float32[2,3])",
            "    call() receives [[0. 1. 2.]\n [3. 4. 5.]]"),
    "torch": ("    call() receives tensor([[0., 1., 2.],\n        [3., 4., 5.]])",
              "    call() receives tensor([[0., 1., 2.],\n        [3., 4., 5.]])"),
}


def test_run_eagerly_gives_call_the_data(today):
    _, out, _ = today
    default = out.split("predict, run_eagerly=False:\n")[1].split("predict, run_eagerly=True:")[0]
    eager = out.split("predict, run_eagerly=True:\n")[1]
    expected_default, expected_eager = RUN_EAGERLY[BACKEND]
    assert default.startswith(expected_default)
    assert eager.startswith(expected_eager)
    has_values = "[0." in default
    assert has_values == (BACKEND == "torch")  # only PyTorch's predict is not compiled


def test_compile_documents_run_eagerly_for_debugging():
    import keras

    doc = " ".join(keras.Model.compile.__doc__.split())
    assert "set it to `True` when debugging" in doc


def test_tf_function_traces_with_a_none_axis(tf_function):
    ns, out, _ = tf_function
    assert 'tracing with Tensor("x:0", shape=(None, 3), dtype=float32)' in out
    assert "inputs:  [(None, 3), (3, 4)]" in out
    assert tuple(ns["concrete"].structured_outputs.shape.as_list()) == (None, 4)


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


def test_tf_use_legacy_keras_runs_the_blogs_code_unchanged(legacy):
    """In a new process with TF_USE_LEGACY_KERAS=1, tf.keras is tf_keras and
    K.placeholder, K.dot and K.function run; this process's tf.keras stays
    Keras 3 (the switch is read when TensorFlow is imported)."""
    import importlib.metadata
    import importlib.util
    from pathlib import Path

    import tensorflow as tf

    ns, out, _ = legacy
    assert ns["blog_run"].returncode == 0
    assert "tf.keras is tf_keras.api._v2.keras" in out
    assert ("xy: <KerasTensor: shape=(2, 4) dtype=float32 "
            "(created by layer 'tf.linalg.matmul')>") in out
    assert str(A @ B) in out  # K.function's product
    assert "K = tf.keras.backend" in ns["BLOG_CODE"]  # the blog's own spelling
    assert tf.keras.__version__ == keras.__version__  # not leaked into this process
    assert importlib.metadata.version("tf_keras")  # the package pip installs
    init = Path(importlib.util.find_spec("tensorflow").origin).read_text(encoding="utf-8")
    assert 'TF_USE_LEGACY_KERAS' in init  # read by TensorFlow's __init__, at import


def test_legacy_dot_computes_on_tensors_and_fails_on_arrays(legacy):
    ns, out, error = legacy
    np.testing.assert_array_equal(ns["legacy"].numpy(), A @ B)
    assert "EagerTensor (2, 4)" in out
    assert isinstance(error, AttributeError)
    assert str(error) == "'tuple' object has no attribute 'rank'"


# -- Try it ------------------------------------------------------------------------


def test_none_axis_traces_once_and_no_signature_once_per_shape(try_it_tracing):
    ns, out, _ = try_it_tracing
    assert ns["traced"].experimental_get_tracing_count() == 1
    assert "7 rows -> (7, 4)" in out
    assert ns["untyped"].experimental_get_tracing_count() == 3  # 2, 5, 7; 5 again reuses
    assert out.count("tracing with") == 1 + 3
    assert 'tracing with Tensor("x:0", shape=(None, 3), dtype=float32)' in out


# -- the page -------------------------------------------------------------------------


def page_body() -> str:
    text = (DOCS / "symbolic-tensors.md").read_text(encoding="utf-8")
    return text.split("---\n", 2)[2].lstrip("\n")


def test_page_label_and_title():
    body = page_body()
    assert body.startswith("(symbolic-tensors)=\n# backend.dot and symbolic tensors")
    assert "$" not in re.sub(r"`[^`]*`", "", body)  # no math markup


def test_page_opens_with_the_answer_and_keras_3():
    """In short, then Keras 3; the Keras 2 replay follows, its renames folded."""
    body = page_body()
    cells = re.findall(r"^:example: (\S+)$", body, re.M)
    assert body.index("In short") < body.index(":example:")
    assert cells[0] == "symbolic_keras3_no_placeholder.py#no-placeholder"
    assert cells.index("symbolic_keras2.py#today") > \
        cells.index("symbolic_keras3_values.py#nested-trap")
    for folded in ("symbolic_keras2.py#feed", "symbolic_keras2.py#no-values"):
        assert f":example: {folded}\n:tags: [hide-cell]" in body
    for open_cell in ("symbolic_keras2.py#today", "symbolic_keras2.py#graph",
                      "legacy_dot.py#legacy-switch"):
        assert f":example: {open_cell}\n```" in body
    assert "The Keras 3 cells on this page run on" not in body  # the home page says it


def test_n_d_products_have_their_own_page():
    body = page_body()
    assert "dot_shapes" not in body and "batch_dot_keras3" not in body
    assert "{ref}`dot-products`" in body


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_built_page_has_picture_folded_answers_and_glued_counts(site, language):
    html = site.html(language, "symbolic-tensors")
    images = re.findall(r'<img [^>]*src="(_images/[^"]+)"', html)
    assert len(images) == 1 and (site.out / language / images[0]).is_file()
    assert html.count("<details") >= 7  # 1 answer + 6 folded code cells
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    if language == "en":
        assert "traced 1 time" in text and "made 3 traces" in text
    else:
        assert "跟踪了 1 次" in text and "跟踪了 3 次" in text
    assert "2.21" in text  # the TensorFlow version, glued into the prose
