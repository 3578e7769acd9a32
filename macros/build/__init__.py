"""The build: what the portal adds to a site (generated pages, navigation, exports) and the
checks and rewrites of the built folder (search folding, offline worker, asset guard).

Framework-free: the MkDocs adapter calls in here; another generator could too.
"""
