"""Pure document builders: evidence in, a typed template context out; the wording lives here.

Nothing in this package touches a unit of work, a file or a clock it is not given, so every
sentence a report or an RFP prints can be tested on a small world in memory.
"""
