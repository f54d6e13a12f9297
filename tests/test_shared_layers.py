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


# -- Keras 3 --------------------------------------------------------------------------


def test_keras3_shapes_are_on_the_returned_tensors(keras3):
    ns = keras3[0]
    assert tuple(ns["encoded_a"].shape) == tuple(ns["encoded_b"].shape) == (None, 32)


def test_keras3_records_one_node_per_call(keras3):
    ns = keras3[0]
    nodes = ns["lstm"]._inbound_nodes
    assert [tuple(n.input_tensors[0].shape) for n in nodes] == [(None, 280, 128), (None, 250, 128)]
    assert [tuple(n.outputs[0].shape) for n in nodes] == [(None, 32), (None, 32)]
    assert nodes[0].outputs[0] is ns["encoded_a"] and nodes[1].outputs[0] is ns["encoded_b"]


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
    for name in ("get_input_shape_at", "get_output_shape_at", "get_output_at", "inbound_nodes"):
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


def test_keras3_dense_checks_the_feature_size_at_the_call(dense_feature_size):
    ns, out, error = dense_feature_size
    assert tuple(ns["dense"].kernel.shape) == (128, 32)
    assert ns["dense"].input_spec.axes == {-1: 128}
    assert type(error) is ValueError
    assert "expected axis -1 of input shape to have value 128" in str(error)
    assert "received input with shape (None, 250, 64)" in str(error)


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


def test_training_changes_the_one_kernel_both_branches_use(weights):
    ns, out, _ = weights
    assert not np.array_equal(ns["before"], ns["after"])
    import keras

    assert ns["kernel"] is ns["shared"].cell.kernel is ns["shared"].weights[0]
    assert np.array_equal(ns["after"], keras.ops.convert_to_numpy(ns["shared"].cell.kernel))
    assert ns["history"].history["accuracy"][-1] > ns["history"].history["accuracy"][0]
    assert "branch a == shared(x_a): True" in out
    assert "branch b == shared(x_b): True" in out


def test_picture_is_drawn_from_the_call_records(weights):
    from layer_graph import _calls

    ns = weights[0]
    into_shared = [label for producer, consumer, label in _calls(ns["siamese"])
                   if consumer is ns["shared"]]
    assert into_shared == ["call 0: (None, 12, 8)", "call 1: (None, 9, 8)"]
    import matplotlib.pyplot as plt

    assert plt.get_fignums(), "the picture section draws a figure"
    plt.close("all")


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
