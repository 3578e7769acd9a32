"""Views: pure functions from the Site to plain data for templates, and the templates.

Nothing here writes files or knows MkDocs; `render` turns a template and a view into text.
"""
