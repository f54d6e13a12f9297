# Hidden first cell of every executed page, on one backend (docs/_ext/execution).
# 1. Keras's backend is chosen before keras is imported (KERAS_BACKEND above);
#    the cell checks that keras really runs on it.
# 2. TensorFlow, JAX and PyTorch write start-up messages (oneDNN, CUDA, absl)
#    straight to file descriptor 2, which the kernel would show in the first
#    output: send that descriptor to /dev/null while they load.
# 3. Tracebacks keep no machine paths: site-packages and the standard library
#    are shortened to <site-packages> and <python>.
# 4. The versions and the device this page ran with are glued for the page
#    footer and the home page.
# 5. Pictures are SVG whose labels stay text, so another language's page can
#    translate them without running again (docs/_ext/pictures.py); no date and
#    fixed ids in the file, so that two builds write the same bytes.
# 6. JAX compiles every operation the first time a process runs it, and each
#    page copy is a new process: on JAX, kernels share what they compiled
#    through JAX's persistent compilation cache (backends.py says where). An
#    entry JAX cannot read (a kernel stopped while writing it) is compiled
#    again, as without the cache: its warning is not the page's output.
import os
import sys
import sysconfig

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_stderr = os.dup(2)
_devnull = os.open(os.devnull, os.O_WRONLY)
os.dup2(_devnull, 2)
try:
    import keras as _keras

    # keras.utils.set_random_seed imports TensorFlow, where installed, to seed
    # it too, whatever the backend: import it here, while its lines are
    # silenced. (After Keras: PyTorch, then TensorFlow, is the order that loads.)
    import tensorflow as _tf

    _tf_devices = _tf.config.list_physical_devices()  # TensorFlow logs as it finds them
    _tf.constant(0.0).numpy()

    _versions = {"keras_version": _keras.__version__}
    if _BACKEND == "tensorflow":
        import tf_keras as _tf_keras

        _lib = _tf
        _versions["tensorflow_version"] = _lib.__version__
        _versions["tf_keras_version"] = _tf_keras.__version__
        _device = sorted({d.device_type for d in _tf_devices})
        del _tf_keras
    elif _BACKEND == "jax":
        import jax as _lib

        if os.environ.get("KERASDOCS_JAX_CACHE"):
            import warnings

            _lib.config.update("jax_compilation_cache_dir", os.environ["KERASDOCS_JAX_CACHE"])
            _lib.config.update("jax_persistent_cache_min_compile_time_secs", 0)  # every one
            _lib.config.update("jax_persistent_cache_min_entry_size_bytes", -1)  # any size
            # Not XLA's GPU caches: they put the folder's path into every
            # entry's key, and a copied cache would then never be read.
            _lib.config.update("jax_persistent_cache_enable_xla_caches", "none")
            warnings.filterwarnings("ignore", "Error reading persistent compilation cache entry")
            del warnings
        _versions["jax_version"] = _lib.__version__
        _device = sorted({d.platform.upper() for d in _lib.devices()})
    else:
        import torch as _lib

        _versions["torch_version"] = _lib.__version__
        _device = ["GPU"] if _lib.cuda.is_available() else ["CPU"]
finally:
    os.dup2(_stderr, 2)
    os.close(_devnull)
    os.close(_stderr)
if _keras.backend.backend() != _BACKEND:
    raise RuntimeError(f"this kernel was meant for the {_BACKEND} backend, but keras was "
                       f"imported earlier with {_keras.backend.backend()}")

_paths = sysconfig.get_paths()
_replace = [(os.path.realpath(_paths[k]), v) for k, v in
            (("purelib", "<site-packages>"), ("platlib", "<site-packages>"),
             ("stdlib", "<python>"))]
_replace += [(p.replace(os.path.expanduser("~"), "~", 1), v) for p, v in _replace]
_replace += [(os.path.realpath(os.path.join(os.getcwd(), "..", "examples")), "examples"),
             (os.path.realpath(os.getcwd()), "<docs>"), (sys.prefix, "<venv>")]


def _clean(text):
    for path, label in _replace:
        text = text.replace(path, label)
    return text


_shell = get_ipython()  # noqa: F821  (defined in every IPython kernel)
_show = _shell._showtraceback
_shell._showtraceback = lambda etype, value, stb: _show(etype, value, [_clean(s) for s in stb])

import matplotlib as _mpl  # noqa: E402
from matplotlib_inline.backend_inline import set_matplotlib_formats  # noqa: E402

_mpl.rcParams["svg.fonttype"] = "none"
_mpl.rcParams["svg.hashsalt"] = "kerasdocs"
set_matplotlib_formats("svg", metadata={"Date": None})
del _mpl, set_matplotlib_formats

from myst_nb import glue  # noqa: E402

for _key, _value in _versions.items():
    glue(_key, _value, display=False)
glue(f"{_BACKEND}_device", " + ".join(d for d in _device if d != "CPU") or "CPU", display=False)
del _lib, _tf, _tf_devices, _keras, _stderr, _devnull, _paths, _versions, _device, _key, _value
