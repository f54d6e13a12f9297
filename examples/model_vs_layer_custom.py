"""
Title: A subclassed model in a module of its own
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: TwoLayers, a subclass of keras.Model, written so that a saved
    TwoLayers loads again: registered with
    keras.saving.register_keras_serializable, its constructor's arguments
    returned by get_config(), the rest passed on through **kwargs. It lives in
    a module, as in a project, so that the program that loads a saved model
    can import it. Importing or running it defines the class and prints
    nothing.
"""

# %% two-layers
import keras


@keras.saving.register_keras_serializable(package="model_vs_layer")  # load_model finds it by name
class TwoLayers(keras.Model):
    """Dense(units, relu), then Dense(1): the forward pass written as Python code."""

    def __init__(self, units=8, **kwargs):  # **kwargs: name, dtype, trainable
        super().__init__(**kwargs)
        self.units = units
        self.hidden = keras.layers.Dense(units, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    def get_config(self):  # what load_model passes back to __init__
        return {**super().get_config(), "units": self.units}
