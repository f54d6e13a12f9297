"""Every claim of docs/model-vs-layer.md, asserted on the example code itself."""

from __future__ import annotations

import os

import numpy as np
import pytest
from conftest import BACKEND, example_fixture, run_example

# Keras before TensorFlow: on the PyTorch backend, importing TensorFlow first makes
# the later torch/triton import abort ("LLVM ERROR: inconsistency in registered
# CommandLine options").
pytest.importorskip("keras")
pytest.importorskip("tensorflow")
HIDDEN_AND_OUTPUT = (4 * 8 + 8) + (8 * 1 + 1)


layer = example_fixture("model_vs_layer_layer.py")
model = example_fixture("model_vs_layer_model.py")


keras2_saving = example_fixture("model_vs_layer_saving_keras2.py")
export = example_fixture("model_vs_layer_export.py")


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
    import keras

    assert np.array_equal(keras.ops.convert_to_numpy(ns["out"]),
                          np.arange(6, dtype="float32").reshape(2, 3))


def test_a_plain_layer_has_config_and_weights_but_no_training(layer):
    ns, _, error = layer
    scale = ns["scale"]
    assert scale.get_config()["name"] == "scale"
    assert [w.tolist() for w in scale.get_weights()] == [[1.0, 1.0, 1.0]]
    for name in ("fit", "evaluate", "predict", "save", "summary", "layers"):
        assert not hasattr(scale, name), name
    import keras

    if BACKEND == "torch":  # a layer is a torch.nn.Module: its compile is torch's
        import torch

        assert keras.layers.Layer.compile is torch.nn.Module.compile
        assert keras.Model.compile is not torch.nn.Module.compile
    else:
        assert not hasattr(scale, "compile")
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


def test_a_layer_needs_only_call():
    import keras

    class Double(keras.layers.Layer):
        def call(self, inputs):
            return inputs * 2

    out = Double()(np.ones((1, 2), dtype="float32"))
    assert keras.ops.convert_to_numpy(out).tolist() == [[2.0, 2.0]]


def test_the_subclassed_model_saves_and_loads(model, tmp_path):
    import keras

    ns = model[0]
    path = tmp_path / "two_layers.keras"
    ns["subclassed"].save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded).__name__ == "TwoLayers"
    x = ns["x"][:4]
    assert np.allclose(keras.ops.convert_to_numpy(loaded(x)),
                       keras.ops.convert_to_numpy(ns["subclassed"](x)))


def _branching_model(condition):
    import keras

    class Branch(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.a, self.b = keras.layers.Dense(1), keras.layers.Dense(1)

        def call(self, x):
            return condition(x, self.a(x), self.b(x))

    model = Branch()
    model(np.ones((2, 4), dtype="float32"))  # builds both Dense layers
    model.compile(optimizer="sgd", loss="mse")
    return model


# on PyTorch a branch not taken in a batch gets no gradient, and Keras warns
@pytest.mark.filterwarnings("ignore:Gradients do not exist")
def test_a_python_if_on_a_tensor_value_inside_fit():
    import keras

    def python_if(x, a, b):
        return a if keras.ops.mean(x) > 0 else b

    def ops_where(x, a, b):
        return keras.ops.where(keras.ops.mean(x) > 0, a, b)

    def ops_cond(x, a, b):
        return keras.ops.cond(keras.ops.mean(x) > 0, lambda: a, lambda: b)

    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = np.ones((32, 1), dtype="float32")
    for portable in (ops_where, ops_cond):
        _branching_model(portable).fit(x, y, epochs=1, verbose=0)
    model = _branching_model(python_if)
    if BACKEND == "torch":
        model.fit(x, y, epochs=1, verbose=0)  # eager: the if just runs
    else:
        with pytest.raises(Exception) as info:
            model.fit(x, y, epochs=1, verbose=0)
        # TensorFlow: the traced tf.function refuses the bool; JAX: fit's symbolic
        # call of the model fails, reported as a failed build
        expected = {"tensorflow": "OperatorNotAllowedInGraphError",
                    "jax": "RuntimeError"}[BACKEND]
        assert type(info.value).__name__ == expected
        if BACKEND == "jax":
            assert "Unable to automatically build the model" in str(info.value)


def test_keras2_saves_three_formats(keras2_saving):
    _, out, _ = keras2_saving
    assert "model.h5          file   same predictions: True" in out
    assert "model_savedmodel  folder same predictions: True" in out
    assert "model.keras       file   same predictions: True" in out
    assert "HDF5" in out and "legacy" in out


def test_keras3_refuses_a_bare_path(saving):
    _, _, error = saving
    assert isinstance(error, ValueError)
    assert "Invalid filepath extension" in str(error) and "model.export" in str(error)


def test_keras3_exports_a_savedmodel_and_litert_on_tensorflow_and_jax(export):
    ns, out, error = export
    assert "saved_model.pb" in out
    assert "TensorFlow serves the same predictions: True" in out
    if BACKEND == "tensorflow":
        assert error is None and "model.tflite" in out
    else:
        assert isinstance(error, ValueError) and "LiteRT" in str(error)


@pytest.mark.skipif(BACKEND != "jax", reason="the JAX backend's export")
def test_jax_export_needs_tensorflow(tmp_path):
    import subprocess
    import sys

    code = ("import sys; sys.modules['tensorflow'] = None\n"
            "import keras\n"
            "m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])\n"
            f"m.export({str(tmp_path / 'exported')!r}, verbose=False)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "tensorflow" in result.stderr.splitlines()[-1].lower()


@pytest.mark.skipif(BACKEND != "torch", reason="the PyTorch backend's export")
def test_torch_export_fails_here(tmp_path):
    import keras

    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
    with pytest.raises(Exception) as info:
        model.export(str(tmp_path / "exported"), verbose=False)
    assert type(info.value).__name__ == "UserError"  # from torch.export: dynamic shapes
    assert "dynamic_shapes" in str(info.value)
    with pytest.raises(ImportError, match="litert-torch"):
        model.export(str(tmp_path / "model.tflite"), format="litert", verbose=False)


def test_a_bare_layer_learns_without_a_model(try_it):
    ns, out, _ = try_it
    import keras

    assert float(keras.ops.convert_to_numpy(ns["loss"])) < 1e-6
    assert ns["dense"].get_weights()[0].round(3).ravel().tolist() == [2.0, -1.0]
    assert "learned kernel: [2.0, -1.0]" in out


def test_nested_model_is_one_entry_of_layers(try_it):
    ns = try_it[0]
    assert ns["outer"].layers[0] is ns["inner"]
    assert len(ns["outer"].layers) == 2 and len(ns["inner"].layers) == 2
    assert ns["outer"].count_params() == ns["inner"].count_params() + 3 == 29
