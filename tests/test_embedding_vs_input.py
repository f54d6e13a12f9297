"""Every claim of docs/embedding-vs-input.md, asserted on the example code itself.

Each example's sections run in order, in one namespace, exactly as the page runs
them (the `run` helper of test_shared_layers); a section the page shows as an
error must raise that error.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import BACKEND, DOCS, example_fixture

# no module-level TensorFlow import: on the torch backend, importing TensorFlow
# before Keras (torch, triton) aborts the process
pytest.importorskip("keras")
BLOG_INDICES = [0, 1, 0, 1, 1, 0, 3]
PAGE = "embedding-vs-input"


input_decl = example_fixture("embedding_input.py")
table = example_fixture("embedding_table.py")
keras2 = example_fixture("embedding_keras2.py")
keras2_negative = example_fixture("embedding_keras2_negative.py")
keras3 = example_fixture("embedding_keras3.py")
gradient = example_fixture("embedding_gradient.py")
training = example_fixture("embedding_training.py")
indexed_slices = example_fixture("embedding_indexed_slices.py")
index_range = example_fixture("embedding_index_range.py")
negative = example_fixture("embedding_negative_index.py")
floats_masks = example_fixture("embedding_floats_and_masks.py")
pretrained = example_fixture("embedding_pretrained.py")
try_it = example_fixture("embedding_try_it.py")


# -- Input: a declaration ----------------------------------------------------------


def test_input_is_a_symbolic_tensor_with_open_batch_axis(input_decl):
    ns, out, _ = input_decl
    x = ns["x"]
    assert type(x).__name__ == "KerasTensor"
    assert tuple(x.shape) == (None, 32)
    assert x.dtype == "float32"
    assert "shape: (None, 32)" in out


def test_input_layer_has_no_weights(input_decl):
    ns, out, _ = input_decl
    layer = ns["input_layer"]
    assert type(layer).__name__ == "InputLayer"
    assert layer is ns["identity"].layers[0]  # reached by the public route
    assert layer.weights == [] and layer.count_params() == 0
    assert ns["identity"].count_params() == 0
    assert "made by: InputLayer" in out and "parameters: 0" in out


def test_input_converts_data_to_its_dtype(input_decl):
    """Review 1.9: an Input does not return data unchanged; the model casts it."""
    ns, out, _ = input_decl
    assert ns["big"][0, 0] == 16777217 and ns["big"].dtype == np.int64
    assert ns["from_float32"].dtype == np.float32 and ns["from_float32"][0, 0] == 16777216
    assert ns["from_int32"].dtype == np.int32 and ns["from_int32"][0, 0] == 1
    assert "int64 16777217 through a float32 Input: 16777216 float32" in out
    assert "float 1.7 through an int32 Input:  1 int32" in out


def test_example_uses_no_private_keras_history():
    source = (DOCS.parent / "examples" / "embedding_input.py").read_text(encoding="utf-8")
    assert "_keras_history" not in source


# -- Embedding: the table ------------------------------------------------------------


def test_embedding_owns_one_trainable_table(table):
    ns, _, _ = table
    weights = ns["embedding"].weights
    assert len(weights) == 1 and tuple(weights[0].shape) == (4, 5) and weights[0].trainable


def test_default_initialiser_is_uniform_in_plus_minus_0_05(table):
    ns, out, _ = table
    init = ns["init"]
    assert type(init).__name__ == "RandomUniform"
    assert (init.get_config()["minval"], init.get_config()["maxval"]) == (-0.05, 0.05)
    assert -0.05 <= ns["table"].min() and ns["table"].max() <= 0.05
    assert "RandomUniform" in out


# -- the blog's experiment, Keras 2 ----------------------------------------------------


def test_keras2_blog_experiment_gives_1_7_5(keras2):
    ns, out, _ = keras2
    import tf_keras

    assert isinstance(ns["model"], tf_keras.Sequential)
    assert ns["output"].shape == (1, 7, 5)
    assert ns["model"].input_shape == (None, 7)
    assert "output shape: (1, 7, 5)" in out


def test_keras2_output_rows_are_table_rows(keras2):
    ns, out, _ = keras2
    np.testing.assert_array_equal(ns["output"][0], ns["table"][BLOG_INDICES])
    out0 = ns["output"][0]
    assert np.array_equal(out0[0], out0[2]) and np.array_equal(out0[0], out0[5])
    assert np.array_equal(out0[1], out0[3]) and np.array_equal(out0[1], out0[4])
    assert not np.array_equal(out0[0], out0[1])
    assert "output[0] == table[indices[0]]: True" in out


def test_keras2_tokenizer_numbers_words_from_1(keras2):
    ns, out, _ = keras2
    index = ns["tokenizer"].word_index
    assert sorted(index.values()) == list(range(1, len(index) + 1))  # 0 is never a word
    assert len(index) + 1 == 7
    assert "rows needed: len(word_index) + 1 = 7" in out
    # unknown words ("ran") are dropped, not mapped to an index
    assert "'the cat ran', 'a dog' -> [[1, 2], [6, 4]]" in out


# -- Keras 3 -----------------------------------------------------------------------------


def test_keras3_warns_about_input_length_and_drops_it(keras3):
    ns, out, _ = keras3
    messages = [str(w.message) for w in ns["caught"]]
    assert messages == ["Argument `input_length` is deprecated. Just remove it."]
    assert ns["caught"][0].category is UserWarning
    assert "input_length" not in ns["old_style"].get_config()
    assert "input_length kept in the config: False" in out


def test_keras3_model_begins_with_an_integer_input(keras3):
    ns, _, _ = keras3
    model = ns["model"]
    first = model.layers[0]
    assert type(first).__name__ == "InputLayer" and first.count_params() == 0
    assert model.inputs[0].dtype == "int32" and tuple(model.inputs[0].shape) == (None, 7)
    assert model.layers[1] is ns["embedding"] and ns["embedding"].count_params() == 20
    assert ns["output"].shape == (1, 7, 5) and ns["output"].dtype == np.float32  # the table


def test_why_four_largest_index_plus_one(keras3):
    ns, out, _ = keras3
    assert max(BLOG_INDICES) + 1 == 4 == ns["table"].shape[0]
    assert ns["row_2_used"] is False
    assert "[0, 1, 0, 1, 1, 0, 3]: distinct + 1 = 4, largest + 1 = 4" in out
    assert "[0, 5, 9]: distinct + 1 = 4, largest + 1 = 10" in out


def test_text_vectorization_gives_the_indices(keras3):
    ns, out, _ = keras3
    vectorize = ns["vectorize"]
    vocabulary = [str(w) for w in vectorize.get_vocabulary()]
    assert vocabulary[:2] == ["", "[UNK]"]  # 0 = padding, 1 = out of vocabulary
    assert vectorize.vocabulary_size() == len(vocabulary) == 8
    assert ns["words_table"].input_dim == vectorize.vocabulary_size()
    assert ns["text_indices"].tolist() == [[2, 4, 1, 0, 0], [7, 6, 0, 0, 0]]
    assert vocabulary[1] == "[UNK]" and "ran" not in vocabulary  # "ran" -> 1
    words = " ".join(ns["corpus"]).split()
    counts = [words.count(w) for w in vocabulary[2:]]
    assert counts == sorted(counts, reverse=True)  # most frequent words first
    assert "vocabulary_size(): 8" in out and "vectors: (2, 5, 5)" in out


def test_string_lookup_puts_unknown_at_zero_unless_given_a_mask_token(keras3):
    """By default StringLookup has no padding and [UNK] is 0, so an Embedding
    with mask_zero=True masks unknown tokens; mask_token="" gives
    TextVectorization's order (0 padding, 1 [UNK])."""
    ns, out, _ = keras3
    categories, padded = ns["categories"], ns["padded"]
    assert [str(w) for w in categories.get_vocabulary()] == ["[UNK]", "cat", "dog"]
    assert ns["unknown_first"].tolist() == [[1, 0, 2]]  # "fish" -> 0
    assert categories.vocabulary_size() == 3
    assert "mask_zero=True keeps: [[ True False  True]]" in out  # fish hidden as padding
    assert [str(w) for w in padded.get_vocabulary()] == ["", "[UNK]", "cat", "dog"]
    assert ns["padded_indices"].tolist() == [[2, 1, 3, 0]]
    assert padded.vocabulary_size() == 4 == ns["masked"].input_dim
    assert "mask_zero=True keeps: [[ True  True  True False]]" in out


def test_keras2_tokenizer_is_gone_from_keras3(keras3):
    import keras

    ns, out, _ = keras3
    assert not hasattr(keras.preprocessing, "text")
    with pytest.raises(ImportError):
        __import__("keras.preprocessing.text")
    assert "keras.preprocessing.text (Tokenizer) exists: False" in out


def test_output_is_table_lookup_and_one_hot_product(keras3):
    ns, out, _ = keras3
    output, table = ns["output"][0], ns["table"]
    np.testing.assert_array_equal(output, table[BLOG_INDICES])
    np.testing.assert_allclose(np.eye(4, dtype="float32")[BLOG_INDICES] @ table, output)
    np.testing.assert_array_equal(ns["one_hot"], np.eye(4)[BLOG_INDICES])
    assert "output == table[indices]:         True" in out
    assert "output == one_hot(indices) @ table: True" in out


def test_picture_draws_table_and_output(keras3):
    ns, _, _ = keras3
    import matplotlib.pyplot as plt

    left, right = ns["left"], ns["right"]
    assert left.images[0].get_array().shape == (4, 5)
    assert right.images[0].get_array().shape == (7, 5)
    framed = [p for p in left.patches if not p.get_fill()]
    assert sorted(round(p.get_y() + 0.5) for p in framed) == [0, 1, 3]
    labels = [t.get_text() for t in left.get_yticklabels()]
    assert labels[2] == "row 2 (unused)"
    plt.close("all")


# -- learned by backpropagation ----------------------------------------------------------


def test_gradient_covers_the_table_nonzero_only_for_looked_up_rows(gradient):
    ns, out, _ = gradient
    dense = ns["dense"]
    assert dense.shape == (4, 5)
    assert not dense[2].any()
    assert all(dense[i].any() for i in (0, 1, 3))
    assert "rows with a nonzero gradient: [0, 1, 3]" in out
    # its form differs per backend: sparse on TensorFlow, dense elsewhere
    kind = {"tensorflow": "IndexedSlices", "jax": "ArrayImpl", "torch": "Tensor"}[BACKEND]
    assert type(ns["gradient"]).__name__ == kind
    if BACKEND != "tensorflow":
        assert tuple(ns["gradient"].shape) == (4, 5)


def test_tensorflow_gradient_is_indexed_slices(indexed_slices):
    ns, out, _ = indexed_slices
    gradient = ns["gradient"]
    assert type(gradient).__name__ == "IndexedSlices"
    assert gradient.indices.numpy().tolist() == BLOG_INDICES
    assert gradient.dense_shape.numpy().tolist() == [4, 5]
    assert "rows it holds: [0 1 0 1 1 0 3]" in out


def test_indexed_slices_entries_add_up_when_densified_or_applied(indexed_slices):
    """Chinese review: say when the entries for one index are added."""
    ns, out, _ = indexed_slices
    import tensorflow as tf

    gradient = ns["gradient"]
    assert gradient.values.shape[0] == 7  # still one entry per lookup
    np.testing.assert_array_equal(tf.convert_to_tensor(gradient).numpy()[:, 0], [3, 3, 0, 1])
    step = ns["before"] - ns["embedding"].get_weights()[0]
    np.testing.assert_allclose(step[:, 0], [3, 3, 0, 1], atol=1e-5)
    assert "as a dense tensor, column 0: [3. 3. 0. 1.]" in out
    assert "one SGD step, change of column 0: [3. 3. 0. 1.]" in out


def test_training_changes_only_rows_looked_up(training):
    ns, out, _ = training
    change = ns["change"]
    assert sorted(set(ns["x"].ravel().tolist())) == [0, 1, 2, 3, 4, 5]
    assert (change[:6] > 0).all() and not change[6:].any()
    assert np.array_equal(ns["after"][6:], ns["before"][6:])
    assert int(change.argmax()) == 1  # the page: the index that decides the label
    assert "rows 6-9 exactly as initialised: True" in out


def test_adam_momentum_moves_a_row_after_its_last_lookup(training):
    """Review 1.6: row 6 is looked up in step 1 only and moves in every later step."""
    ns, out, _ = training
    assert (ns["once"] == 6).sum() == 1
    later = (ns["x"][32:64], ns["x"][64:96], ns["x"][96:128])
    assert not any((batch == 6).any() for batch in later)
    moved = ns["moved"]
    assert len(moved) == 4 and (moved > 0).all()
    assert "step 4: row 6 looked up: False  moved" in out


def test_weight_decay_and_regularizer_move_rows_never_looked_up(training):
    """Review 1.6: AdamW shrinks rows 6-9 by (1 - lr * wd) per step; L2 moves them."""
    ns, out, _ = training
    assert not (ns["x"] >= 6).any()
    ratio, steps, shrink = ns["ratio"], ns["steps"], ns["shrink"]
    assert steps == 8  # 256 / 32 batches, one epoch
    assert abs(shrink - (1 - 0.001 * 0.004)) < 1e-9
    np.testing.assert_allclose(ratio, shrink**steps, rtol=1e-5)
    assert (ratio < 1).all()
    l2_moved = np.abs(ns["end"][6:] - ns["start"][6:]).max()  # the last run: Adam + L2
    assert l2_moved > 0.001
    assert "AdamW: rows 6-9 multiplied by 0.99997 to 0.99997" in out
    assert f"Adam, L2 on the table: rows 6-9 moved by up to {l2_moved:.4f}" in out


# -- edge cases ----------------------------------------------------------------------------


def test_index_equal_to_input_dim_per_backend(index_range):
    ns, out, error = index_range
    if BACKEND == "tensorflow":
        assert type(error).__name__ == "InvalidArgumentError"
        assert "indices[0,6] = 4 is not in [0, 4) [Op:GatherV2]" in str(error)
        assert "CPU:0" in str(error)
    elif BACKEND == "torch":
        assert type(error).__name__ == "IndexError"
        assert "index out of range in self" in str(error)
    else:  # jax: no error, a row of NaN where index 4 was
        assert error is None
        assert np.isnan(ns["out"][0, 6]).all() and np.isfinite(ns["out"][0, :6]).all()
        assert "positions that read NaN: [6]" in out


@pytest.mark.skipif(BACKEND != "tensorflow", reason="TensorFlow's own docs: checked once")
def test_gpu_behaviour_is_quoted_from_tf_gather_docs():
    import tensorflow as tf

    doc = " ".join(tf.gather.__doc__.split())  # the page cites it; no GPU here
    assert ("On GPU, if an out of bound index is found, a 0 is stored in the "
            "corresponding output value.") in doc
    assert "On CPU, if an out of bound index is found, an error is raised." in doc
    assert [d.device_type for d in tf.config.list_physical_devices()] == ["CPU"]


def test_keras3_negative_one_is_the_last_row(negative):
    ns, out, _ = negative
    np.testing.assert_array_equal(ns["out"][0, 0], ns["table"][3])
    assert "index -1 gives row 3 (the last): True" in out


def test_keras2_negative_one_raises(keras2_negative):
    error = keras2_negative[2]
    assert type(error).__name__ == "InvalidArgumentError"
    assert "indices[0,0] = -1 is not in [0, 4) [Op:ResourceGather]" in str(error)


def test_float_indices_truncate_toward_zero(floats_masks):
    ns, out, _ = floats_masks
    assert ns["rows_read"] == [1, 1, 2, 0]  # 1.0, 1.7, 2.9, -0.5
    assert "keras.Input's default dtype: float32" in out


def test_mask_zero_passes_mask_to_next_layer(floats_masks):
    ns, out, _ = floats_masks
    assert ns["mask"].tolist() == [[True, True, True, False, False]]
    assert tuple(ns["vectors"].shape) == (1, 5, 5)  # padding still gets a vector
    np.testing.assert_allclose(ns["pooled"][0], ns["words_mean"], rtol=1e-6)
    assert not np.allclose(ns["pooled"][0], ns["all_mean"])


def test_lstm_uses_the_mask_and_flatten_drops_it(floats_masks):
    import warnings

    import keras

    ns, out, _ = floats_masks
    np.testing.assert_allclose(ns["padded_out"], ns["words_out"], rtol=1e-5, atol=1e-6)
    # without the mask the padding would change the LSTM's output
    lstm = ns["reader"].layers[-1]
    vectors = ns["masking"](ns["padded"])
    unmasked = keras.ops.convert_to_numpy(lstm(keras.ops.convert_to_numpy(vectors)))
    assert not np.allclose(unmasked, ns["padded_out"])
    messages = [str(w.message) for w in ns["caught"]]
    assert len(messages) == 1 and "Flatten" in messages[0]
    assert "destroy the mask information" in messages[0]
    assert "Downstream layers will not see the mask." in out
    supports = {"LSTM": True, "GRU": True, "GlobalAveragePooling1D": True,
                "Flatten": False, "Conv1D": False, "GlobalMaxPooling1D": False}
    for name, value in supports.items():
        assert getattr(keras.layers, name).__name__ == name
        assert f"{name:22} supports_masking={value}" in out
    # every layer without mask support drops it with the same warning (the page says so)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keras.layers.Conv1D(2, 3)(ns["masking"](keras.Input(shape=(5,), dtype="int32")))
    assert any("destroy the mask information" in str(w.message) for w in caught)


# -- pretrained vectors ------------------------------------------------------------------------


def test_pretrained_loaded_both_ways(pretrained):
    ns, out, _ = pretrained
    for layer in (ns["by_argument"], ns["by_set_weights"]):
        np.testing.assert_array_equal(layer.get_weights()[0], ns["pretrained"])
    assert out.count("loads it: True") == 2


def test_frozen_table_unchanged_by_training(pretrained):
    ns, out, _ = pretrained
    np.testing.assert_array_equal(ns["table_after"], ns["pretrained"])
    assert not np.array_equal(ns["dense_after"], ns["dense_before"])
    assert all("embedding" not in w.path for w in ns["model"].trainable_weights)
    assert ns["frozen"].trainable is False


# -- Try it ------------------------------------------------------------------------------------


def test_rows_needed_is_largest_plus_one(try_it):
    ns, _, _ = try_it
    assert ns["rows"] == 8
    assert len(np.unique(ns["sequence"])) + 1 == 4


def test_embedding_equals_dense_on_one_hot(try_it):
    ns, out, _ = try_it
    np.testing.assert_allclose(ns["looked_up"], ns["multiplied"], rtol=1e-6)
    assert ns["table_layer"].count_params() == ns["dense"].count_params() == 20
    assert "same output: True" in out


def test_minus_four_is_row_zero_and_minus_five_fails_per_backend(try_it):
    ns, out, error = try_it
    assert "index -4 gives row 0: True" in out
    if BACKEND == "tensorflow":
        assert type(error).__name__ == "InvalidArgumentError"
        assert "indices[0,0] = -1 is not in [0, 4)" in str(error)  # -5 + 4
    elif BACKEND == "torch":
        assert type(error).__name__ == "IndexError"
    else:  # jax: no error, a row of NaN
        assert error is None and np.isnan(ns["minus_five"][0, 0]).all()


# -- the page --------------------------------------------------------------------------------------


def test_page_has_a_warning_box_on_negative_indices():
    text = (DOCS / f"{PAGE}.md").read_text(encoding="utf-8")
    box = re.search(r":::\{warning\}\n(.*?)\n:::", text, re.S)
    assert box and "−1" in box[1] and "last row" in box[1]
    after_front_matter = text.split("\n---\n", 1)[1].lstrip("\n")
    assert after_front_matter.splitlines()[0] == f"({PAGE})="


def page_text() -> str:
    return (DOCS / f"{PAGE}.md").read_text(encoding="utf-8")


def test_page_answers_its_title_first():
    """Issue items 7 and 9: the Input-vs-Embedding table right after In short,
    Keras 3 before the Keras 2 replay, the replay folded where it only renames."""
    text = page_text()
    after_box = text.split(":::{admonition} In short", 1)[1].split("\n:::\n", 1)[1]
    first_block = after_box.lstrip("\n").split("\n\n", 1)[0]
    assert first_block.startswith("| | `keras.Input(shape=(7,), dtype=\"int32\")` |")
    assert "| does to data | converts it to int32 |" in first_block
    headings = re.findall(r"^(#+) (.+)$", text, re.M)
    titles = [t for _, t in headings]
    assert titles.index("The blog's experiment, in Keras 3") < titles.index(
        "The blog's experiment, in Keras 2")
    replay = text.split("## The blog's experiment, in Keras 2", 1)[1].split("\n## ", 1)[0]
    for section in ("experiment", "lookup"):
        cell = re.search(rf":example: embedding_keras2.py#{section}\n(:tags: .*)", replay)
        assert cell and "hide-cell" in cell[1]
    assert re.search(r":example: embedding_keras2.py#tokenizer\n```", replay)  # open
    # the edge cases are one section, without sub-headings
    edge = text.split("## Edge cases", 1)[1].split("\n## ", 1)[0]
    assert not re.search(r"^###", edge, re.M)
    assert len(text.split()) <= 2500


def test_page_no_longer_says_an_input_computes_nothing():
    text = " ".join(page_text().split())
    for wrong in ("computes nothing", "returns the data unchanged", "| nothing |"):
        assert wrong not in text
    assert text.count("is still available as the `tf_keras` package") == 1
    assert "The Keras 3 cells on this page run on" not in text  # the home page says it


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_built_page_has_glued_numbers_picture_and_answers(site, language):
    from test_site import tags, text_of

    html = site.html(language, PAGE)
    text = text_of(html)
    assert "-0.05" in text and "0.05" in text  # the initialiser's range, glued
    assert "(1, 7, 5)" in text
    images = [t for t in tags(html) if t["tag"] == "img" and "_images/" in t.get("src", "")]
    # the picture: one per backend tab (its random table differs per backend)
    assert images and all((site.out / language / i["src"]).is_file() for i in images)
    assert html.count("<details") >= 6  # 3 answers + 3 folded code cells
    assert 'class="admonition warning"' in html


def test_glued_values_come_from_the_run(site):
    glued = {k: v["data"]["text/plain"] for k, v in site.glue("en", PAGE).items()}
    assert glued["rows_needed"] == "4" and glued["largest_index"] == "3"
    assert glued["other_largest_plus_one"] == "10" and glued["other_distinct_plus_one"] == "4"
    assert glued["row_for_1_7"] == "1" and glued["row_for_2_9"] == "2"
    assert glued["most_changed_row"] == "1"
    # glued as strings: their text/plain is the repr
    assert glued["gradient_shape"] == "'(4, 5)'" and glued["gradient_rows"] == "'[0, 1, 3]'"
    assert (glued["unused_first"], glued["unused_last"]) == ("6", "9")
    assert glued["try_rows"] == "8" and glued["try_distinct_plus_one"] == "4"
    assert (glued["cast_big_in"], glued["cast_big_out"]) == ("16777217", "16777216")
    assert glued["cast_fraction_out"] == "1"
    assert glued["adamw_steps"] == "8"
    assert abs(float(glued["adamw_factor"]) - (1 - 0.001 * 0.004) ** 8) < 1e-5  # 5 places
    assert float(glued["l2_moved"]) > 0.001
