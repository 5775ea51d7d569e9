"""The demo site: content files under `demo/content/` and the commands that need
every app (`load_demo`, `generate_content`).

`load_demo` runs the same import as `import_content` (`intranet.importing`) over
`demo/content/`, then does what only a demo needs: the shared demo password on
the accounts it created, the queued background work, the search index, and the
list of logins.

Files are read in the order of their paths, and new pages of one kind are
created in that order: the numbers that start some file names (the ten steps
of a working group, the case studies) keep the order the home page's "latest"
lists show.
"""
