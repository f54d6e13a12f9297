"""Every claim of docs/model-vs-layer.md, asserted on the example code itself."""

from __future__ import annotations

import os

import numpy as np
import pytest
from conftest import example_fixture, run_example

pytest.importorskip("tensorflow")
HIDDEN_AND_OUTPUT = (4 * 8 + 8) + (8 * 1 + 1)


layer = example_fixture("model_vs_layer_layer.py")
model = example_fixture("model_vs_layer_model.py")


@pytest.fixture(scope="module")
def saving(tmp_path_factory):
    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("saving"))  # the last section gets a relative path
    try:
        yield run_example("model_vs_layer_saving.py")
        assert not os.path.exists("my_model"), "the refused save must write nothing"
    finally:
        os.chdir(cwd)


try_it = example_fixture("model_vs_layer_try_it.py")


def test_build_creates_the_weights_at_the_first_call(layer):
    ns, out, _ = layer
    assert "weights before the first call: 0" in out
    assert [tuple(w.shape) for w in ns["scale"].weights] == [(3,)]
    assert np.array_equal(ns["out"], np.arange(6, dtype="float32").reshape(2, 3))


def test_a_plain_layer_has_config_and_weights_but_no_training(layer):
    ns, _, error = layer
    scale = ns["scale"]
    assert scale.get_config()["name"] == "scale"
    assert [w.tolist() for w in scale.get_weights()] == [[1.0, 1.0, 1.0]]
    for name in ("compile", "fit", "evaluate", "predict", "save", "summary", "layers"):
        assert not hasattr(scale, name), name
    assert isinstance(error, AttributeError) and "fit" in str(error)


def test_model_is_a_layer_in_both_keras_versions():
    import keras
    import tf_keras

    assert issubclass(keras.Model, keras.layers.Layer)
    assert issubclass(tf_keras.Model, tf_keras.layers.Layer)


def test_a_model_inside_a_model_keeps_its_weight_objects(model):
    ns = model[0]
    pair, encoder = ns["pair_model"], ns["encoder"]
    assert pair.get_layer("encoder") is encoder
    assert encoder in pair.layers
    assert all(any(w is v for v in pair.weights) for w in encoder.weights)
    assert len(encoder._inbound_nodes) >= 2  # called on both inputs


def test_three_ways_have_one_parameter_count(model):
    ns = model[0]
    counts = {ns[k].count_params() for k in ("sequential", "functional", "subclassed")}
    assert counts == {HIDDEN_AND_OUTPUT} == {49}


def test_fit_evaluate_predict(model):
    ns = model[0]
    losses = ns["history"].history["loss"]
    assert len(losses) == 30
    assert losses[-1] < losses[0] / 100
    assert ns["model"].evaluate(ns["x"], ns["y"], verbose=0) < 0.05
    assert ns["model"].predict(ns["x"][:2], verbose=0).shape == (2, 1)
    assert [type(layer).__name__ for layer in ns["model"].layers] == ["InputLayer", "Dense", "Dense"]


def test_a_trained_model_holds_the_optimizer_state(model):
    ns = model[0]
    names = [v.path for v in ns["model"].optimizer.variables]
    assert any("iteration" in n for n in names) and any("learning_rate" in n for n in names)
    sizes = sum(int(np.prod(v.shape)) for v in ns["model"].optimizer.variables)
    assert sizes == 2 * HIDDEN_AND_OUTPUT + 2


def test_save_and_load_give_identical_predictions(model):
    ns, out, _ = model
    assert ns["same"]
    assert "saved: ['model.keras']" in out
    assert type(ns["loaded"].optimizer).__name__ == "Adam" and ns["loaded"].loss == "mse"


def test_loss_curve_is_drawn(model):
    import matplotlib.pyplot as plt

    line = plt.gcf().axes[0].lines[0]
    assert list(line.get_ydata()) == model[0]["history"].history["loss"]
    plt.close("all")


def test_keras2_saves_three_formats(saving):
    _, out, _ = saving
    assert "model.h5          file   same predictions: True" in out
    assert "model_savedmodel  folder same predictions: True" in out
    assert "model.keras       file   same predictions: True" in out
    assert "HDF5" in out and "legacy" in out


def test_keras3_exports_a_savedmodel_and_refuses_a_bare_path(saving):
    _, out, error = saving
    assert "saved_model.pb" in out
    assert isinstance(error, ValueError)
    assert "Invalid filepath extension" in str(error) and "model.export" in str(error)


def test_a_bare_layer_learns_with_a_tape(try_it):
    ns = try_it[0]
    assert float(ns["loss"]) < 1e-6
    assert np.allclose(ns["dense"].kernel.numpy().ravel(), [2.0, -1.0], atol=1e-3)


def test_nested_model_is_one_entry_of_layers(try_it):
    ns = try_it[0]
    assert ns["outer"].layers[0] is ns["inner"]
    assert len(ns["outer"].layers) == 2 and len(ns["inner"].layers) == 2
    assert ns["outer"].count_params() == ns["inner"].count_params() + 3 == 29
