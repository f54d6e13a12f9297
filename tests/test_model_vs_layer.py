"""Every claim of docs/model-vs-layer.md, asserted on the example code itself."""

from __future__ import annotations

import os
import warnings

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
custom = example_fixture("model_vs_layer_custom.py")
model = example_fixture("model_vs_layer_model.py")
subclass = example_fixture("model_vs_layer_subclass.py")


keras2_saving = example_fixture("model_vs_layer_saving_keras2.py")
export = example_fixture("model_vs_layer_export.py")
keras2_files = example_fixture("model_vs_layer_keras2_files.py")


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
    ns, out, error = layer
    assert error is None
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
    assert "has fit: False" in out and "has save: False" in out
    with pytest.raises(AttributeError, match="fit"):
        scale.fit(np.ones((2, 3)), np.ones((2, 3)))


def test_model_is_a_layer_in_both_keras_versions():
    import keras
    import tf_keras

    assert issubclass(keras.Model, keras.layers.Layer)
    assert issubclass(tf_keras.Model, tf_keras.layers.Layer)


def test_a_model_inside_a_model_keeps_its_weight_objects(layer):
    ns = layer[0]
    pair, encoder = ns["pair_model"], ns["encoder"]
    assert pair.get_layer("encoder") is encoder
    assert encoder in pair.layers
    assert all(any(w is v for v in pair.weights) for w in encoder.weights)
    assert len(encoder._inbound_nodes) >= 2  # called on both inputs


def test_three_ways_have_one_parameter_count(model):
    ns = model[0]
    counts = {ns[k].count_params() for k in ("sequential", "functional", "subclassed")}
    assert counts == {HIDDEN_AND_OUTPUT} == {49}
    assert type(ns["subclassed"]).__module__ == "model_vs_layer_custom"


def test_the_custom_module_only_defines_a_registered_class(custom):
    ns, out, error = custom
    import keras

    assert out == "" and error is None
    assert keras.saving.get_registered_name(ns["TwoLayers"]) == "model_vs_layer>TwoLayers"
    assert ns["TwoLayers"](units=3).get_config()["units"] == 3


def test_input_shape_on_the_first_layer_warns_and_builds_the_same_model(model):
    ns, out, _ = model
    (warning,) = ns["caught"]
    assert warning.category is UserWarning
    assert str(warning.message).startswith("Do not pass an `input_shape`/`input_dim` argument")
    assert "UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer." in out
    assert ns["blog_style"].count_params() == HIDDEN_AND_OUTPUT
    assert "built anyway: 49 parameters" in out


def test_fit_evaluate_predict(model):
    ns = model[0]
    losses = ns["history"].history["loss"]
    assert len(losses) == 30
    assert losses[-1] < losses[0] / 100
    assert ns["model"].evaluate(ns["x"], ns["y"], verbose=0) < 0.05
    assert ns["model"].predict(ns["x"][:2], verbose=0).shape == (2, 1)


def test_dropout_runs_only_with_training_true(model):
    ns, out, _ = model
    assert "dropout(ones)                 values: [1.0]" in out
    assert "dropout(ones, training=True)  values: [0.0, 2.0]" in out
    assert "dropout.predict(ones)         values: [1.0]" in out


def test_fit_calls_the_model_with_training_true_evaluate_and_predict_with_false():
    import keras

    seen = []

    class Record(keras.layers.Layer):
        def call(self, inputs, training=None):
            seen.append(training)  # a Python value, when the call is traced or run
            return inputs

    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, keras.layers.Dense(1)(Record()(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), dtype="float32"), np.ones((4, 1), dtype="float32")
    seen.clear()
    model.fit(x, y, epochs=1, verbose=0)
    assert True in seen  # (JAX also builds the loss first, with training=False)
    for method in (lambda: model.evaluate(x, y, verbose=0), lambda: model.predict(x, verbose=0)):
        seen.clear()
        method()
        assert seen and set(seen) == {False}


def test_a_frozen_nested_model_keeps_its_weights_through_fit(model):
    ns, out, _ = model
    assert ns["encoder"].trainable is False
    assert all(np.array_equal(a, b)
               for a, b in zip(ns["encoder_before"], ns["encoder"].get_weights(), strict=True))
    assert not any(np.array_equal(a, b)
                   for a, b in zip(ns["head_before"], ns["head"].get_weights(), strict=True))
    assert "encoder weights unchanged by fit: True" in out
    assert "head weights changed by fit:      True" in out
    assert "trainable parameters:     9 (head)" in out
    assert "non-trainable parameters: 40 (encoder)" in out
    assert ns["encoder"].count_params() == 40
    lines = []
    ns["frozen"].summary(print_fn=lambda text, **kwargs: lines.append(text))
    summary = "\n".join(lines)
    assert "Non-trainable params: 40 " in summary and "Trainable params: 9 " in summary


def test_a_keras2_h5_model_loads_on_this_backend(tmp_path):
    import keras
    import tf_keras

    old = tf_keras.Sequential([tf_keras.Input(shape=(4,)), tf_keras.layers.Dense(1)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "HDF5 ... legacy"
        old.save(tmp_path / "old.h5")
    x = np.ones((2, 4), dtype="float32")
    loaded = keras.saving.load_model(tmp_path / "old.h5", compile=False)
    assert np.allclose(loaded.predict(x, verbose=0), old.predict(x, verbose=0))


def test_sequential_layers_omit_the_input_layer_functional_lists_it(model):
    ns, out, _ = model
    assert [type(layer).__name__ for layer in ns["sequential"].layers] == ["Dense", "Dense"]
    assert [type(layer).__name__ for layer in ns["functional"].layers] == \
        ["InputLayer", "Dense", "Dense"]
    assert "Sequential .layers: ['dense', 'dense_1']" in out
    assert "functional .layers: ['input_layer_1', 'dense_2', 'dense_3']" in out


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
    losses = model[0]["history"].history["loss"]
    assert list(line.get_ydata()) == losses
    assert list(line.get_xdata()) == list(range(1, len(losses) + 1))  # epochs 1, 2, ...
    plt.close("all")


def test_a_layer_needs_only_call():
    import keras

    class Double(keras.layers.Layer):
        def call(self, inputs):
            return inputs * 2

    out = Double()(np.ones((1, 2), dtype="float32"))
    assert keras.ops.convert_to_numpy(out).tolist() == [[2.0, 2.0]]


def test_a_new_process_loads_two_layers_only_after_importing_its_module(model):
    ns, out, _ = model
    assert ns["new_process"].returncode == 0
    assert "before the import: TypeError: Could not locate class 'TwoLayers'" in out
    assert "decorator is run before trying to\nload them." in out
    assert "after the import: TwoLayers with units = 8" in out
    assert "same predictions as before saving: True" in out


def test_an_unregistered_layer_loads_only_through_custom_objects(model):
    ns, out, _ = model
    import keras

    assert keras.saving.get_registered_object("Doubling") is None
    assert "load_model(path): TypeError: Could not locate class 'Doubling'" in out
    assert "custom_objects={'Doubling': Doubling}): same predictions: True" in out
    assert type(ns["again"].layers[-1]) is ns["Doubling"]


def test_init_must_accept_what_keras_adds_to_the_config(tmp_path):
    import keras

    @keras.saving.register_keras_serializable(package="test_model_vs_layer")
    class NoKwargs(keras.Model):  # get_config, but no **kwargs
        def __init__(self, units):
            super().__init__()
            self.units = units
            self.dense = keras.layers.Dense(units)

        def call(self, inputs):
            return self.dense(inputs)

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    model = NoKwargs(2)
    model(np.ones((1, 3), dtype="float32"))
    assert {"name", "trainable", "dtype"} <= set(model.get_config())
    model.save(tmp_path / "no_kwargs.keras")
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        keras.saving.load_model(tmp_path / "no_kwargs.keras")


def test_a_subclassed_model_with_an_argument_needs_get_config(model):
    _, _, error = model
    assert isinstance(error, NotImplementedError)
    assert "Object Forgetful was created by passing" in str(error)
    assert "must override `get_config()`" in str(error)


def test_a_functional_subclass_runs_its_own_train_step(subclass):
    ns, out, _ = subclass
    import keras

    assert type(ns["weighted"]).__name__ == "TargetWeighted"
    assert [type(layer).__name__ for layer in ns["weighted"].layers] == ["InputLayer", "Dense"]
    assert "same weights as plain.fit(x, y, sample_weight=|y|): True" in out
    # the comparison can fail: without the weights, fit ends elsewhere
    unweighted = keras.Model(ns["inputs"], keras.layers.Dense(1)(ns["inputs"]))
    unweighted.set_weights(ns["start"])
    unweighted.compile(optimizer="sgd", loss="mse")
    unweighted.fit(ns["x"], ns["y"], batch_size=16, epochs=2, shuffle=False, verbose=0)
    pairs = zip(unweighted.get_weights(), ns["weighted"].get_weights(), strict=True)
    assert not all(np.allclose(a, b, atol=1e-6) for a, b in pairs)


def test_a_branch_on_a_value_inside_fit(subclass):
    ns, out, error = subclass
    assert "with_where: fit ran 1 epoch" in out
    assert "with_cond: fit ran 1 epoch" in out
    if BACKEND == "torch":  # fit runs eagerly: the if just runs
        assert error is None
        assert "with_python_if: fit ran 1 epoch" in out
    elif BACKEND == "tensorflow":
        assert type(error).__name__ == "OperatorNotAllowedInGraphError"
        assert "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed" in str(error)
    else:  # JAX: fit's symbolic build fails, and the message hides why
        assert type(error).__name__ == "RuntimeError"
        assert "Unable to automatically build the model" in str(error)
        assert "bool" not in str(error) and " if " not in str(error)
        assert "'str' object has no attribute '_error_repr'" in str(error)


def test_keras2_saves_three_formats(keras2_saving):
    _, out, _ = keras2_saving
    assert "model.h5          file   same predictions: True" in out
    assert "model_savedmodel  folder same predictions: True" in out
    assert "model.keras       file   same predictions: True" in out
    assert "HDF5" in out and "legacy" in out
    assert "save_weights('weights.h5') wrote: True" in out


def test_keras3_save_weights_needs_weights_h5(saving):
    _, out, _ = saving
    assert ("ValueError: The filename must end in `.weights.h5`. "
            "Received: filepath=weights.h5") in out
    assert "saved: ['model.weights.h5']" in out


def test_keras3_loads_a_keras2_h5_and_a_savedmodel_through_tfsmlayer(keras2_files):
    ns, out, _ = keras2_files
    assert "old_model.h5, load_model: same predictions: True" in out
    assert "old_model, load_model: ValueError: File format not supported:" in out
    assert "keras.layers.TFSMLayer(old_model, call_endpoint='serving_default')" in out
    assert "old_model, TFSMLayer: outputs ['dense'] same predictions: True" in out
    import keras

    assert isinstance(ns["layer"], keras.layers.TFSMLayer)


@pytest.mark.skipif(BACKEND == "tensorflow", reason="TFSMLayer's refusal on the other backends")
def test_tfsmlayer_needs_the_tensorflow_backend(tmp_path):
    import keras

    with pytest.raises(NotImplementedError, match="TensorFlow backend"):
        keras.layers.TFSMLayer(str(tmp_path), call_endpoint="serving_default")


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
    assert ("Detected mismatch between the structure of `inputs` and `dynamic_shapes`"
            in str(info.value))
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


def test_the_prose_gives_the_epochs_of_the_run(site, model):
    """The number of epochs the prose speaks of is glued from the run's history."""
    from test_site import text_of

    epochs = len(model[0]["history"].history["loss"])
    assert site.glue("en", "model-vs-layer")["epochs"]["data"]["text/plain"] == str(epochs)
    for language, words in (("en", f"In {epochs} epochs the training loss"),
                            ("zh_CN", f"经过 {epochs} 个轮次，训练损失")):
        text = text_of(site.html(language, "model-vs-layer"))  # markup leaves spaces:
        assert words.replace(" ", "") in text.replace(" ", ""), language
