"""Data: the files staff edit, read with their positions, validated into one frozen Site.

reader (YAML with line and column) → load (records against their models, located) →
models (every rule of one record) → checks (rules across records) → site (the Site).
Problems, their Vietnamese messages and reports live here too; nothing here knows pages.
"""
