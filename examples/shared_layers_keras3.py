"""
Title: The same experiment in Keras 3
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: Keras 3 keeps a record of every call, but the Keras 2 accessors
    get_input_shape_at / get_output_shape_at are gone. The shapes are on the
    tensors each call returns, and on the layer's call records (nodes).
    Run it and it ends with the AttributeError the old accessor raises.
"""

# %% experiment
import keras

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

a = keras.Input(shape=(280, 128), name="a")
b = keras.Input(shape=(250, 128), name="b")
lstm = keras.layers.LSTM(32)
encoded_a = lstm(a)  # call 0
encoded_b = lstm(b)  # call 1

print("encoded_a:", encoded_a.shape, " encoded_b:", encoded_b.shape)

# %% call-records
# One node per call. `_inbound_nodes` is private in Keras 3: read it to
# understand, don't build on it.
for i, node in enumerate(lstm._inbound_nodes):
    inputs = [t.shape for t in node.input_tensors]
    outputs = [t.shape for t in node.outputs]
    print(f"call {i}: {inputs} -> {outputs}")
print("node 1 output is encoded_b:", lstm._inbound_nodes[1].outputs[0] is encoded_b)

# %% summary
model = keras.Model(inputs=[a, b], outputs=[encoded_a, encoded_b])
model.summary(line_length=80)

# %% removed-accessors (raises AttributeError)
lstm.get_input_shape_at(0)
