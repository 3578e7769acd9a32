"""Training portal core: data models, loading, validation, views and exports.

Only `macros.adapter` knows about MkDocs. `define_env` is here because
mkdocs-macros-plugin looks for it in the module named by `module_name`.
"""


def define_env(env):  # pragma: no cover - thin wiring, exercised by the site build
    from .adapter.macros_env import define_env as wire

    wire(env)
