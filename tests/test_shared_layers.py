"""Every claim of docs/shared-layers.md, asserted on the example code itself.

Each example's sections run in order, in one namespace, exactly as the page
runs them (conftest.run_example); a section shown as an error must raise it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import BACKEND, example_fixture

# Keras (and so its backend) first: TensorFlow imported before PyTorch aborts the
# process ("LLVM ERROR: inconsistency in registered CommandLine options").
pytest.importorskip("keras")
LSTM_32_ON_128 = 4 * (128 * 32 + 32 * 32 + 32)


keras2 = example_fixture("shared_layers_keras2.py")
keras3 = example_fixture("shared_layers_keras3.py")
feature_size = example_fixture("shared_layers_keras3_feature_size.py")
dense_feature_size = example_fixture("shared_layers_keras3_dense_feature_size.py")
weights = example_fixture("shared_weights.py")
try_it = example_fixture("shared_layers_try_it.py")


# -- Keras 2: the blog's experiment -----------------------------------------------


def test_keras2_reports_one_shape_per_call(keras2):
    ns, _, _ = keras2
    lstm = ns["lstm"]
    assert lstm.get_input_shape_at(0) == (None, 280, 128)
    assert lstm.get_input_shape_at(1) == (None, 250, 128)
    assert lstm.get_output_shape_at(0) == (None, 32)
    assert lstm.get_output_shape_at(1) == (None, 32)
    assert lstm.get_output_at(0) is ns["encoded_a"]
    assert lstm.get_output_at(1) is ns["encoded_b"]
    assert lstm.output is ns["encoded_a"], "tf_keras's layer.output is call 0's too"


def test_keras2_two_calls_two_nodes_one_weight_set(keras2):
    lstm = keras2[0]["lstm"]
    assert len(lstm.inbound_nodes) == 2
    assert [tuple(w.shape) for w in lstm.weights] == [(128, 128), (32, 128), (128,)]
    assert lstm.count_params() == LSTM_32_ON_128 == 20_608


def test_keras2_fails_at_the_call_on_another_feature_size(keras2):
    error = keras2[2]
    assert isinstance(error, ValueError)
    assert "Dimensions must be equal, but are 64 and 128" in str(error)


def test_keras2_is_tf_keras_and_keras_is_3():
    import keras
    import tf_keras

    assert keras.__version__.startswith("3.")
    assert tf_keras.__version__.startswith("2.")


def test_tf_keras_is_installed_as_the_tf_keras_distribution():
    """The page says `pip install tf-keras`: that distribution provides tf_keras."""
    from importlib import metadata

    distribution = metadata.distribution("tf-keras")
    assert any(str(f).startswith("tf_keras/") for f in distribution.files)
    assert distribution.version.startswith("2.")


# -- Keras 3 --------------------------------------------------------------------------


def test_keras3_shapes_are_on_the_tensors_each_call_takes_and_returns(keras3):
    ns, out, _ = keras3
    assert tuple(ns["a"].shape) == (None, 280, 128) and tuple(ns["b"].shape) == (None, 250, 128)
    assert tuple(ns["encoded_a"].shape) == tuple(ns["encoded_b"].shape) == (None, 32)
    assert "call 1: (None, 250, 128) -> (None, 32)" in out


def test_keras3_records_one_node_per_symbolic_call(keras3):
    ns = keras3[0]
    nodes = ns["lstm"]._inbound_nodes  # private: only to check the page's claim
    assert [tuple(n.input_tensors[0].shape) for n in nodes] == [(None, 280, 128), (None, 250, 128)]
    assert nodes[0].outputs[0] is ns["encoded_a"] and nodes[1].outputs[0] is ns["encoded_b"]


def test_keras3_layer_input_and_output_are_call_0s(keras3):
    ns, out, _ = keras3
    lstm = ns["lstm"]
    assert lstm.input is ns["a"] and lstm.output is ns["encoded_a"]
    assert lstm.output is not ns["encoded_b"]
    assert "lstm.output is encoded_a: True" in out
    assert "lstm.output is encoded_b: False" in out
    assert "Keras 2 accessors the layer still has: []" in out


def test_keras3_summary_shows_one_row_connected_to_both_inputs(keras3):
    lines: list[str] = []
    keras3[0]["model"].summary(line_length=80, print_fn=lambda line, **_: lines.append(line))
    table = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))
    lstm_rows = [line for line in table.splitlines() if "(LSTM)" in line]
    assert len(lstm_rows) == 1
    assert "20,608" in lstm_rows[0]
    assert "a[0][0]" in lstm_rows[0] and "b[0][0]" in lstm_rows[0]
    assert "Connected to" in table


def test_keras3_has_no_keras2_accessors(keras3):
    lstm = keras3[0]["lstm"]
    assert isinstance(keras3[2], AttributeError)
    assert "has no attribute 'get_output_at'" in str(keras3[2])
    for name in ("get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at",
                 "input_shape", "output_shape", "inbound_nodes"):
        assert not hasattr(lstm, name), name


# The LSTM's error comes from the backend's matrix product: class and message per backend.
DATA_FLOWS_ERROR = {
    "tensorflow": (ValueError, "Dimensions must be equal, but are 64 and 128"),
    "jax": (TypeError, "contracting dimensions to have the same shape, got (64,) and (128,)"),
    "torch": (RuntimeError, "shapes cannot be multiplied (250x64 and 128x128)"),
}


def test_keras3_lstm_symbolic_call_passes_and_data_fails(feature_size):
    ns, out, error = feature_size
    assert "symbolic call on 64 features -> (None, 32)" in out
    assert tuple(ns["encoded_c"].shape) == (None, 32)
    assert tuple(ns["lstm"].cell.kernel.shape) == (128, 128)
    spec = ns["lstm"].input_spec
    assert spec.ndim == 3 and not spec.axes, "the LSTM does not check the feature axis"
    error_class, message = DATA_FLOWS_ERROR[BACKEND]
    assert type(error) is error_class
    assert message in str(error)


def test_keras3_gru_passes_dense_and_conv1d_raise_at_the_call(dense_feature_size):
    _, out, error = dense_feature_size
    assert error is None
    lines = out.splitlines()
    assert lines[0].startswith("GRU    checks InputSpec(ndim=3")
    assert lines[1].strip() == "call on 64 features passes -> (None, 32)"
    for i, name in ((2, "Dense "), (4, "Conv1D")):
        assert lines[i].startswith(name) and "axes={-1: 128}" in lines[i]
        assert lines[i + 1].strip() == ("call on 64 features: ValueError: "
                                        "expected axis -1 of input shape to have value 128")


@pytest.mark.parametrize("make, checks_at_once", [
    (lambda keras: keras.layers.LSTM(32), False),
    (lambda keras: keras.layers.GRU(32), False),
    (lambda keras: keras.layers.Dense(32), True),
    (lambda keras: keras.layers.Conv1D(32, 3), True),
], ids=["LSTM", "GRU", "Dense", "Conv1D"])
def test_keras3_recurrent_layers_pass_the_symbolic_call_others_raise(make, checks_at_once):
    import keras

    layer = make(keras)
    layer(keras.Input(shape=(280, 128)))
    if checks_at_once:
        with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 128"):
            layer(keras.Input(shape=(250, 64)))
    else:
        layer(keras.Input(shape=(250, 64)))


# -- one layer, one set of weights ------------------------------------------------------


def test_one_embedding_serves_two_inputs_of_any_length(weights):
    ns, out, _ = weights
    assert tuple(ns["question_vectors"].shape) == tuple(ns["answer_vectors"].shape) \
        == (None, None, 128)
    assert tuple(ns["embedding"].embeddings.shape) == (1000, 128)
    assert ns["embedding"].count_params() == ns["texts"].count_params() == 128_000
    assert [type(layer).__name__ for layer in ns["texts"].layers].count("Embedding") == 1
    assert ns["q"].shape == (2, 5, 128) and ns["r"].shape == (2, 7, 128)
    assert np.array_equal(ns["q"][0, 2], ns["r"][0, 0])  # word 42 in both
    assert "word 42 gets the same vector in both: True" in out


def test_second_call_creates_no_variable(weights):
    ns = weights[0]
    assert len(ns["after_first"]) == len(ns["after_second"]) == 3
    assert ns["after_first"] == ns["after_second"]


def test_parameter_count_formula(weights):
    ns, out, _ = weights
    assert ns["formula"] == ns["lstm"].count_params() == LSTM_32_ON_128
    assert f"count_params() = {LSTM_32_ON_128:,}" in out
    # four weight blocks (input, forget and output gates, candidate cell value), side by side
    cell = ns["lstm"].cell
    assert tuple(cell.kernel.shape) == (128, 4 * 32)
    assert tuple(cell.recurrent_kernel.shape) == (32, 4 * 32)
    assert tuple(cell.bias.shape) == (4 * 32,)


def test_siamese_model_has_one_lstm_with_two_calls(weights):
    ns = weights[0]
    lstms = [layer for layer in ns["siamese"].layers if type(layer).__name__ == "LSTM"]
    assert lstms == [ns["shared"]]
    shapes = [tuple(n.input_tensors[0].shape) for n in ns["shared"]._inbound_nodes]
    assert shapes == [(None, 12, 8), (None, 9, 8)]


def test_absolute_difference_is_symmetric_and_subtract_is_signed(weights):
    import keras

    ns = weights[0]
    x, y = ns["probe_a"][:, 0, :], ns["probe_b"][:, 0, :]
    distance = ns["siamese"].get_layer("distance")
    assert np.array_equal(keras.ops.convert_to_numpy(distance([x, y])),
                          keras.ops.convert_to_numpy(distance([y, x])))
    subtract = keras.layers.Subtract()
    forward = keras.ops.convert_to_numpy(subtract([x, y]))
    assert np.allclose(forward, x - y)
    assert np.array_equal(forward, -keras.ops.convert_to_numpy(subtract([y, x])))


def test_changing_the_kernel_changes_both_branches_and_it_is_listed_once(weights):

    ns, out, _ = weights
    assert ns["kernel"] is ns["shared"].cell.kernel
    assert not np.allclose(ns["old_a"], ns["new_a"]) and not np.allclose(ns["old_b"], ns["new_b"])
    assert "branch a changed: True" in out and "branch b changed: True" in out
    trainable = ns["siamese"].trainable_weights
    assert sum(w is ns["kernel"] for w in trainable) == 1
    assert len(trainable) == 5  # the LSTM's kernel, recurrent kernel, bias; score's kernel, bias
    assert out.count("shared_lstm/lstm_cell/kernel (8, 64)") == 1


def test_a_model_ending_at_a_calls_tensor_gives_that_calls_values(weights):
    """Table row: the values call i computes come from a model that ends at its tensor."""
    import keras

    ns = weights[0]
    out_a, out_b = ns["branches"].predict([ns["probe_a"], ns["probe_b"]], verbose=0)
    assert np.allclose(out_a, keras.ops.convert_to_numpy(ns["shared"](ns["probe_a"])), atol=1e-6)
    assert np.allclose(out_b, keras.ops.convert_to_numpy(ns["shared"](ns["probe_b"])), atol=1e-6)


def test_the_shared_kernels_gradient_is_the_sum_over_the_calls(weights):
    ns, out, _ = weights
    grad_a, grad_b, grad_both = ns["grad_a"], ns["grad_b"], ns["grad_both"]
    assert grad_a.shape == grad_b.shape == (8, 64)
    assert np.abs(grad_a).max() > 1e-3 and np.abs(grad_b).max() > 1e-3, "both calls contribute"
    assert not np.allclose(grad_both, grad_a, atol=1e-4)
    assert np.allclose(grad_both, grad_a + grad_b, atol=1e-7)
    assert "both calls == the sum, everywhere: True" in out


def test_training_changes_the_one_kernel(weights):
    ns, out, _ = weights
    assert not np.array_equal(ns["before"], ns["after"])
    assert np.array_equal(ns["before"], ns["saved"]), "the tied cell put the kernel back"
    import keras

    assert np.array_equal(ns["after"], keras.ops.convert_to_numpy(ns["shared"].cell.kernel))
    assert ns["history"].history["accuracy"][-1] > ns["history"].history["accuracy"][0]
    change = float(re.search(r"largest change in the kernel: (\d\.\d{4})", out)[1])
    assert 0 < change < 0.1


def test_picture_is_drawn_from_the_call_records(weights):
    from layer_graph import _calls

    ns = weights[0]
    into_shared = [label for producer, consumer, label in _calls(ns["siamese"])
                   if consumer is ns["shared"]]
    assert into_shared == ["call 0: (None, 12, 8)", "call 1: (None, 9, 8)"]
    import matplotlib.pyplot as plt

    assert plt.get_fignums(), "the picture section draws a figure"
    plt.close("all")


def test_clone_and_from_config_make_new_weights(weights):
    import keras

    ns, out, _ = weights
    originals = {id(w) for w in ns["shared"].weights}
    for copy in (ns["clone"], ns["twin"]):
        assert len(copy.weights) == 3
        assert not originals & {id(w) for w in copy.weights}
        assert not np.array_equal(keras.ops.convert_to_numpy(copy.weights[0]), ns["after"])
    assert [type(layer).__name__ for layer in ns["clone"].layers] == ["InputLayer", "LSTM"]
    assert ns["twin"].get_config() == ns["shared"].get_config()
    assert "clone_model: shares a variable: False, same kernel values: False" in out
    assert "from_config: shares a variable: False, same kernel values: False" in out


# -- Try it ---------------------------------------------------------------------------


def test_two_objects_have_twice_the_parameters(try_it):
    ns = try_it[0]
    assert ns["shared_model"].count_params() == LSTM_32_ON_128
    assert ns["separate_model"].count_params() == 2 * LSTM_32_ON_128


def test_eager_call_adds_no_variable_and_no_node(try_it):
    ns, out, _ = try_it
    assert tuple(ns["out"].shape) == (3, 32)
    assert len(ns["one"].weights) == ns["variables_before"] == 3
    assert len(ns["one"]._inbound_nodes) == 2


def test_projection_lets_different_feature_sizes_share(try_it):
    ns = try_it[0]
    assert [o.shape for o in ns["outs"]] == [(2, 32), (2, 32)]
    lstms = [layer for layer in ns["projected"].layers if type(layer).__name__ == "LSTM"]
    assert lstms == [ns["common"]]
