"""The MkDocs adapter: thin wiring from MkDocs events and macros to the core."""
