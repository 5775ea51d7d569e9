// Progressive enhancement for search: suggestions as you type (the form works without it).
