"""The file formats: the Markdown writer, the TOML writer and reader, atomic files.

A shell layer over the core: each module turns a Rubric, an Assessment and its
Report into bytes (or bytes back into them), with the words and numbers from
:mod:`csmaturity_tui.presentation`. Nothing here imports the UI or the store.
"""
